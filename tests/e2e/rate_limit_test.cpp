// Rate-limit fields (retry-after-ms, RateLimit, X-RateLimit-*): a spent quota sets the wait,
// the log names the field, the caps of Retry-After hold, and a malformed field is ignored.

#include <catch2/catch.hpp>
#include <ctime>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"

using namespace rfetch::test;
using std::chrono::milliseconds;

TEST_CASE("a 429 whose RateLimit policy is spent waits its reset", "[ratelimit]") {
    ScriptedServer server(
        {{429, {{"RateLimit", "\"default\";r=0;t=1"}}, "slow down"}, {200, {}, "welcome"}});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url()}));

    CHECK(run.exit_code == 0);
    CHECK(run.out == "welcome");
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 2);
    CHECK(log.attempts[0]["delay_source"] == "ratelimit");
    CHECK(log.attempts[0]["delay_ms"].get<long long>() >= 1000);
    REQUIRE(server.request_count() == 2);
    CHECK(gap_ms(server.requests()) >= 1000);
    CHECK(gap_ms(server.requests()) < 3000);
}

TEST_CASE("Retry-After wins over the rate-limit fields", "[ratelimit]") {
    ScriptedServer server(
        {{503,
          {{"Retry-After", "1"}, {"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "60"}},
          "busy"},
         {200, {}, "ok"}});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url()}));

    CHECK(run.exit_code == 0);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.at(0)["delay_source"] == "retry-after");
    CHECK(run.wall < milliseconds(5000));
}

TEST_CASE("retry-after-ms is a wait in milliseconds", "[ratelimit]") {
    ScriptedServer server({{429, {{"retry-after-ms", "400"}}, "later"}, {200, {}, "ok"}});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url()}));

    CHECK(run.exit_code == 0);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.at(0)["delay_source"] == "retry-after-ms");
    CHECK(gap_ms(server.requests()) >= 400);
}

TEST_CASE("an X-RateLimit-Reset past --max-retry-after gives up at once", "[ratelimit]") {
    ScriptedServer server(
        {{429, {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "3600"}}, "later"}});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url()}));

    CHECK(run.exit_code == 22);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.result()["outcome"] == "retry_after_too_long");
    CHECK(log.result()["reason"].get<std::string>().find("X-RateLimit-Reset asks for 1h") !=
          std::string::npos);
    CHECK(server.request_count() == 1);
}

TEST_CASE("with --ratelimit-reset unix the reset is read as a time", "[ratelimit]") {
    // Three seconds ahead: a reset one second ahead could be past before rfetch read it on a
    // loaded machine, and the backoff would rightly set the delay.
    const std::string in_three_seconds = std::to_string(std::time(nullptr) + 3);
    ScriptedServer server(
        {{429, {{"X-RateLimit-Reset", in_three_seconds}}, "later"}, {200, {}, "ok"}});

    const ProcessResult run =
        run_rfetch(with_fast_retries({server.url(), "--ratelimit-reset", "unix"}));

    CHECK(run.exit_code == 0);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.at(0)["delay_source"] == "x-ratelimit-reset");
    // The second of the reset was already under way: at most three seconds, never a minute.
    CHECK(log.attempts.at(0)["delay_ms"].get<long long>() <= 4200);
}

TEST_CASE("a malformed rate-limit field is ignored, and -v says so", "[ratelimit]") {
    ScriptedServer server(
        {{429, {{"RateLimit", "remaining=0, reset=30"}}, "later"}, {200, {}, "ok"}});

    const ProcessResult run = run_rfetch(with_fast_retries({"-v", server.url()}));

    CHECK(run.exit_code == 0);
    CHECK(run.err.find("* Ignored RateLimit: 'remaining=0, reset=30'") != std::string::npos);
    CHECK(run.wall < milliseconds(5000));
}

TEST_CASE("a poll that is not ready and spends the quota waits for its reset", "[ratelimit]") {
    ScriptedServer server(
        {{200, {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "1"}}, "pending"},
         {200, {}, "done"}});

    const ProcessResult run =
        run_rfetch({server.url(), "--until-body", "done", "--interval", "50ms"});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "done");
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.at(0)["delay_source"] == "x-ratelimit-reset");
    CHECK(gap_ms(server.requests()) >= 1000);
}

TEST_CASE("a bad --ratelimit-reset is refused before anything is sent", "[ratelimit]") {
    ScriptedServer server({{200, {}, "ok"}});

    const ProcessResult run = run_rfetch({"--ratelimit-reset", "minutes", server.url()});

    CHECK(run.exit_code == 2);
    CHECK(run.err.find("--ratelimit-reset") != std::string::npos);
    CHECK(server.request_count() == 0);
}

TEST_CASE("a success that spends the quota holds the next URL of the origin until the reset",
          "[ratelimit][quota]") {
    ScriptedServer server(
        {{200, {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "1"}}, "one"},
         {200, {}, "two"}});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url("/1"), server.url("/2")}));

    CHECK(run.exit_code == 0);
    CHECK(run.out == "onetwo");
    REQUIRE(server.request_count() == 2);
    CHECK(gap_ms(server.requests()) >= 900);
    CHECK(gap_ms(server.requests()) < 3000);
    // The log says what held the second URL, and for how long.
    const AttemptLog log = parse_attempt_log(run.err);
    std::vector<nlohmann::json> waits;
    std::ranges::copy_if(log.events, std::back_inserter(waits),
                         [](const nlohmann::json& event) { return event["event"] == "wait"; });
    REQUIRE(waits.size() == 1);
    CHECK(waits[0]["why"] == "quota");
    CHECK(waits[0]["attempt"] == 1);
    CHECK(waits[0]["url"] == server.url("/2"));
    CHECK(waits[0]["waited_ms"].get<long long>() >= 900);
    CHECK(waits[0]["waited_ms"].get<long long>() < 3000);
}

TEST_CASE("with -Z the transfers of an origin wait for a quota another one spent",
          "[ratelimit][quota]") {
    ScriptedServer server({{200, {{"RateLimit", "\"default\";r=0;t=1"}}, "a"},
                           {200, {{"RateLimit", "\"default\";r=0;t=1"}}, "b"},
                           {200, {}, "c"}});

    const ProcessResult run = run_rfetch(with_fast_retries(
        {"-Z", "--parallel-max", "2", server.url("/1"), server.url("/2"), server.url("/3")}));

    CHECK(run.exit_code == 0);
    const auto requests = server.requests();
    REQUIRE(requests.size() == 3);
    const auto third_after_first =
        std::chrono::duration_cast<milliseconds>(requests[2].arrived - requests[0].arrived);
    CHECK(third_after_first.count() >= 900);
    CHECK(third_after_first.count() < 3000);
}

TEST_CASE("a quota held past the deadline ends the run without a request", "[ratelimit][quota]") {
    ScriptedServer server(
        {{200, {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "30"}}, "one"},
         {200, {}, "two"}});

    const ProcessResult run =
        run_rfetch(with_fast_retries({"--deadline", "2s", server.url("/1"), server.url("/2")}));

    CHECK(run.exit_code == 28);
    CHECK(run.out == "one");
    CHECK(server.request_count() == 1);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.results.size() == 2);
    CHECK(log.results[1]["outcome"] == "deadline");
    CHECK(log.results[1]["attempts"] == 0);
    // At once, not at the deadline 2 s away, by rfetch's clock: a sanitized build's start and
    // exit on a busy machine take a second of their own.
    CHECK(log.results[1]["elapsed_ms"].get<long long>() < 1000);
}
