// Retry-After on 202 and 3xx (RFC 9110 §10.2.3 allows it there): a poll uses it as its next
// interval, so a job that says "come back in a second" is not asked again sooner.

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"

using namespace rfetch::test;
using std::chrono::milliseconds;

TEST_CASE("a poll answered 202 with Retry-After waits that long for the next poll",
          "[polling][retry-after]") {
    ScriptedServer server({{202, {{"Retry-After", "1"}}, "{\"state\":\"running\"}"},
                           {200, {}, "{\"state\":\"done\"}"}});

    const ProcessResult run =
        run_rfetch({server.url(), "--until-status", "200", "--interval", "50ms"});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "{\"state\":\"done\"}");
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 2);
    CHECK(log.attempts[0]["status"] == 202);
    CHECK(log.attempts[0]["delay_source"] == "retry-after");
    CHECK(gap_ms(server.requests()) >= 1000);
    CHECK(gap_ms(server.requests()) < 3000);
}

TEST_CASE("a poll answered 303 with Retry-After, not followed, waits that long too",
          "[polling][retry-after]") {
    ScriptedServer server(
        {{303, {{"Retry-After", "1"}, {"Location", "/result"}}, ""}, {200, {}, "ready"}});

    const ProcessResult run =
        run_rfetch({server.url(), "--until-status", "200", "--interval", "50ms"});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "ready");
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.at(0)["delay_source"] == "retry-after");
    CHECK(gap_ms(server.requests()) >= 1000);
}
