#include "cli/exit_codes.h"

#include <catch2/catch.hpp>
#include <csignal>

using namespace rfetch;

namespace {

RunResult ended(Outcome outcome, std::optional<int> status, std::optional<Failure> failure = {}) {
    RunResult result;
    result.outcome = outcome;
    if (status) {
        result.final_response.emplace().status = *status;
    }
    result.final_failure = std::move(failure);
    return result;
}

}  // namespace

TEST_CASE("exit statuses follow curl's where curl has one", "[exit]") {
    CHECK(exit_code_for(ended(Outcome::success, 200), {false, false}, 0) == 0);
    CHECK(exit_code_for(ended(Outcome::http_error, 404), {false, false}, 0) == 22);
    CHECK(exit_code_for(ended(Outcome::http_error, 404), {true, false}, 0) == 0);
    CHECK(exit_code_for(ended(Outcome::exhausted, 503), {false, false}, 0) == 22);
    CHECK(exit_code_for(ended(Outcome::retry_after_too_long, 503), {false, false}, 0) == 22);
    CHECK(exit_code_for(ended(Outcome::retry_after_too_long, 503), {true, false}, 0) == 0);
    // A redirect whose Retry-After wait was refused is no answer, --no-fail or not.
    CHECK(exit_code_for(ended(Outcome::retry_after_too_long, 302), {true, false}, 0) == 22);
    CHECK(exit_code_for(ended(Outcome::deadline, 503), {true, false}, 0) == 28);
    CHECK(
        exit_code_for(ended(Outcome::exhausted, std::nullopt, Failure{FailureKind::connect, 7, ""}),
                      {false, false}, 0) == 7);
    CHECK(exit_code_for(ended(Outcome::exhausted, 200, Failure{FailureKind::partial, 18, ""}),
                        {true, false}, 0) == 18);
    CHECK(exit_code_for(ended(Outcome::write_error, 200), {false, false}, 0) == 23);
    CHECK(exit_code_for(ended(Outcome::not_retryable, std::nullopt,
                              Failure{FailureKind::internal, 43, "libcurl refused an option"}),
                        {false, false}, 0) == 70);
    // Polling that runs out of retries on a 200 whose body never met the condition.
    CHECK(exit_code_for(ended(Outcome::exhausted, 200), {false, false}, 0) == 22);
    CHECK(exit_code_for(ended(Outcome::not_retryable, 200), {true, false}, 0) == 0);
    CHECK(exit_code_for(ended(Outcome::interrupted, std::nullopt), {false, false}, SIGINT) == 130);
    CHECK(exit_code_for(ended(Outcome::interrupted, std::nullopt), {false, false}, SIGTERM) == 143);
    CHECK(exit_code_for(ended(Outcome::circuit_open, std::nullopt), {true, false}, 0) == 75);
    // A poll abandoned when another target failed: its last poll's status, or 22 without one.
    CHECK(exit_code_for(ended(Outcome::abandoned, std::nullopt), {false, true}, 0) == 22);
    CHECK(exit_code_for(ended(Outcome::abandoned, 503), {false, true}, 0) == 22);
    CHECK(
        exit_code_for(ended(Outcome::abandoned, std::nullopt, Failure{FailureKind::connect, 7, ""}),
                      {false, true}, 0) == 7);
}

TEST_CASE("no-fail (--no-fail) never turns a poll's unmet condition into success", "[exit]") {
    // A poll that ran out of retries on a 200 or a 503 that never met the condition.
    CHECK(exit_code_for(ended(Outcome::exhausted, 200), {true, true}, 0) == 22);
    CHECK(exit_code_for(ended(Outcome::exhausted, 503), {true, true}, 0) == 22);
    CHECK(exit_code_for(ended(Outcome::deadline, 200), {true, true}, 0) == 28);
    CHECK(exit_code_for(ended(Outcome::success, 200), {true, true}, 0) == 0);
}

TEST_CASE("a signal that cut a run short gives its own status whatever the outcome", "[exit]") {
    // A write to a stalled reader or a wait for the state lock, ended by the signal.
    CHECK(exit_code_for(ended(Outcome::write_error, 200), {false, false}, SIGTERM) == 143);
    CHECK(exit_code_for(ended(Outcome::exhausted, 503), {false, false}, SIGINT) == 130);
    CHECK(exit_code_for(ended(Outcome::success, 200), {false, false}, SIGINT) == 0);
}

TEST_CASE("many URLs exit with the first failure in input order, or a signal's", "[exit]") {
    CHECK(combined_exit_code({0, 0, 0}, 0) == 0);
    CHECK(combined_exit_code({0, 7, 22}, 0) == 7);
    CHECK(combined_exit_code({22, 7, 0}, 0) == 22);
    CHECK(combined_exit_code({0, 130, 130}, SIGINT) == 130);
    CHECK(combined_exit_code({0, 0}, SIGTERM) == 143);
}
