// HTTP semantics that decide a run before its bytes do: a final error status ends the run
// whatever its body does, and redirects keep or change the method as RFC 9110 §15.4 says.

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"

using namespace rfetch::test;

namespace {

// A 404 head that promises a body of 1000 bytes, then `sent` of it.
std::string not_found_promising(const std::string& sent) {
    return "HTTP/1.1 404 Not Found\r\nContent-Length: 1000\r\nContent-Type: text/plain\r\n\r\n" +
           sent;
}

}  // namespace

TEST_CASE("a 404 whose body stalls ends the run at once with 22", "[semantics]") {
    // Nothing after the first bytes: the body would stall until --stall-timeout.
    RawServer server({{RawMove::stream_forever, not_found_promising("the start of"), "",
                       std::chrono::milliseconds{1000}}});

    const ProcessResult run =
        run_rfetch(with_fast_retries({server.url(), "--stall-timeout", "30s"}));

    CHECK(run.exit_code == 22);
    CHECK(run.wall < std::chrono::seconds(3));
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["status"] == 404);
    CHECK(log.attempts[0]["error"].is_null());
    CHECK(log.result()["outcome"] == "http_error");
}

TEST_CASE("a 404 whose head alone arrives ends the run at once with 22", "[semantics]") {
    RawServer server(
        {{RawMove::stream_forever, not_found_promising(""), "", std::chrono::milliseconds{1000}}});

    const ProcessResult run =
        run_rfetch(with_fast_retries({server.url(), "--stall-timeout", "30s"}));

    CHECK(run.exit_code == 22);
    CHECK(run.wall < std::chrono::seconds(3));
    CHECK(parse_attempt_log(run.err).attempts.size() == 1);
}

TEST_CASE("a 404 whose body is cut short exits 22 after one attempt", "[semantics]") {
    RawServer server({{RawMove::close_mid_body, not_found_promising("cut")}});
    // --result holds the body for its document, so it reads to the break: the status decides
    // all the same.
    const auto extra = GENERATE(std::vector<std::string>{}, std::vector<std::string>{"--result"});
    std::vector<std::string> args{server.url(), "--retries", "3"};
    args.insert(args.end(), extra.begin(), extra.end());

    const ProcessResult run = run_rfetch(with_fast_retries(args));

    CHECK(run.exit_code == 22);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["status"] == 404);
    CHECK(log.attempts[0]["decision"] == "give_up");
    CHECK(server.request_count() == 1);
}

TEST_CASE("with --no-fail the error body is wanted, so its break is retried", "[semantics]") {
    RawServer server(
        {{RawMove::close_mid_body, not_found_promising("cut")},
         {RawMove::reply, "HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\nwhole"}});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url(), "--no-fail"}));

    CHECK(run.exit_code == 0);
    CHECK(run.out == "whole");
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 2);
    CHECK(log.attempts[0]["error"] == "partial");
}
