// Time limits against a server that accepts and never answers.

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"

using namespace rfetch::test;
using std::chrono::milliseconds;

TEST_CASE("a hung server with --timeout times out each attempt and exits 28", "[timeouts]") {
    RawServer server({{RawMove::hang, {}}});

    const ProcessResult run =
        run_rfetch({server.url(), "--timeout", "300ms", "--retries", "1", "--delay", "10ms"});

    CHECK(run.exit_code == 28);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 2);
    for (const nlohmann::json& attempt : log.attempts) {
        CHECK(attempt["error"] == "timeout");
        CHECK(attempt["curl_code"] == 28);
        CHECK(attempt["status"].is_null());
        CHECK(attempt["elapsed_ms"].get<long long>() >= 290);
        CHECK(attempt["elapsed_ms"].get<long long>() < 1500);
    }
    CHECK(log.attempts[0]["decision"] == "retry");
    CHECK(log.attempts[1]["decision"] == "give_up");
    CHECK(log.result()["outcome"] == "exhausted");
    CHECK(log.result()["exit_code"] == 28);
    CHECK(run.wall >= milliseconds(600));
    CHECK(run.wall < milliseconds(3000));
    CHECK(server.request_count() == 2);
}

TEST_CASE("the deadline (--deadline) ends a hung attempt and the run with exit 28", "[timeouts]") {
    RawServer server({{RawMove::hang, {}}});

    const ProcessResult run = run_rfetch({server.url(), "--deadline", "700ms", "--delay", "10ms"});

    CHECK(run.exit_code == 28);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE_FALSE(log.attempts.empty());
    CHECK(log.attempts.back()["error"] == "timeout");
    CHECK(log.attempts.back()["decision"] == "give_up");
    CHECK(log.result()["outcome"] == "deadline");
    CHECK(log.result()["exit_code"] == 28);
    // Issue 2: the run ends within 100 ms of the deadline; the bounds leave room for a busy
    // machine and for process start-up.
    CHECK(log.result()["elapsed_ms"].get<long long>() >= 690);
    CHECK(log.result()["elapsed_ms"].get<long long>() <= 900);
    CHECK(run.wall >= milliseconds(600));
    // The process as a whole: a sanitized build's start and exit under load add up to 350 ms.
    CHECK(run.wall <= milliseconds(2500));
}

TEST_CASE("the deadline is not extended by a longer --timeout", "[timeouts]") {
    RawServer server({{RawMove::hang, {}}});

    const ProcessResult run =
        run_rfetch({server.url(), "--deadline", "500ms", "--timeout", "5s", "--delay", "10ms"});

    CHECK(run.exit_code == 28);
    CHECK(parse_attempt_log(run.err).result()["outcome"] == "deadline");
    // Far from the 5 s that --timeout would allow, with room for a slow start and exit.
    CHECK(run.wall <= milliseconds(2500));
}

TEST_CASE("a backoff wait that would cross the deadline is cut to one last attempt", "[timeouts]") {
    ScriptedServer server({{503, {}, "busy"}});

    const ProcessResult run =
        run_rfetch({server.url(), "--deadline", "1s", "--delay", "2s", "--jitter", "none"});

    CHECK(run.exit_code == 28);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 2);
    CHECK(log.attempts[0]["decision"] == "retry");
    CHECK(log.attempts[0]["delay_source"] == "deadline");
    // The last attempt starts 100 ms before the deadline, which counts from rfetch's start: the
    // first attempt's time and the wait after it add up to 900 ms. The wait alone is shorter by
    // however long the first attempt took, which a sanitized build on a busy machine stretches.
    const int first_attempt_and_wait =
        log.attempts[0]["elapsed_ms"].get<int>() + log.attempts[0]["delay_ms"].get<int>();
    CHECK(first_attempt_and_wait >= 800);
    CHECK(first_attempt_and_wait <= 900);
    CHECK(log.attempts[1]["decision"] == "give_up");
    CHECK(log.result()["outcome"] == "deadline");
    // The deadline was used, not forfeited: the run ended close to it, not at once, and not
    // after the whole 2 s backoff (by rfetch's clock, which leaves out its start and exit).
    CHECK(run.wall >= milliseconds(850));
    CHECK(log.result()["elapsed_ms"].get<int>() < 1500);
    CHECK(server.request_count() == 2);
}

TEST_CASE("a last attempt just before the deadline sees a service that came up late",
          "[timeouts]") {
    ScriptedServer server({{503, {}, "starting"}, {200, {}, "up"}});

    const ProcessResult run =
        run_rfetch({server.url(), "--deadline", "1s", "--delay", "5s", "--jitter", "none"});

    INFO(run.err);
    // The last attempt was made, 100 ms before the deadline, rather than none at all.
    CHECK(server.request_count() == 2);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 2);
    if (log.attempts[1]["error"] == "timeout") {
        // The 100 ms it has were too few for the answer: a sanitized build on a busy machine.
        CHECK(run.exit_code == 28);
        CHECK(log.result()["outcome"] == "deadline");
        return;
    }
    CHECK(run.exit_code == 0);
    CHECK(run.out == "up");
}

TEST_CASE("no retry starts with less than the chosen connect timeout left", "[timeouts]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "too late to ask"}});

    const ProcessResult run = run_rfetch(
        {server.url(), "--connect-timeout", "5s", "--deadline", "3s", "--delay", "10ms"});

    CHECK(run.exit_code == 28);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["decision"] == "give_up");
    CHECK_THAT(log.attempts[0]["reason"].get<std::string>(),
               Catch::Contains("less than the connect timeout of 5s is left before the deadline"));
    CHECK(log.result()["outcome"] == "deadline");
    CHECK(server.request_count() == 1);
    CHECK(run.wall < milliseconds(2500));
}
