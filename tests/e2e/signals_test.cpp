// SIGINT and SIGTERM end the run at once, after writing the result event, with 130 and 143.

#include <catch2/catch.hpp>
#include <csignal>

#include "log_events.h"
#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"

using namespace rfetch::test;
using std::chrono::milliseconds;

TEST_CASE("a signal during a wait ends the run with 128 + signal", "[signals]") {
    const auto [signal, code] =
        GENERATE(table<int, int>({{SIGHUP, 129}, {SIGINT, 130}, {SIGTERM, 143}}));
    ScriptedServer server({{503, {}, "busy"}});

    const ProcessResult run = run_rfetch({server.url(), "--delay", "10s", "--jitter", "none"},
                                         signalling(signal, milliseconds(1000)));

    INFO("signal " << signal);
    CHECK(run.exit_code == code);
    CHECK(run.out.empty());
    CHECK(run.wall < milliseconds(4000));
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.size() == 1);
    CHECK(log.result()["outcome"] == "interrupted");
    CHECK(log.result()["exit_code"] == code);
    CHECK(server.request_count() == 1);
}

TEST_CASE("a signal during an attempt ends the run at once", "[signals]") {
    RawServer server({{RawMove::hang, {}}});

    const ProcessResult run = run_rfetch({server.url()}, signalling(SIGINT, milliseconds(1000)));

    CHECK(run.exit_code == 130);
    CHECK(run.out.empty());
    CHECK(run.wall < milliseconds(4000));
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["error"] == "aborted");
    CHECK(log.result()["outcome"] == "interrupted");
    CHECK(log.result()["exit_code"] == 130);
    CHECK(server.request_count() == 1);
}

TEST_CASE("a signal is answered quickly during a wait and during a transfer", "[signals]") {
    // The issue asks for 100 ms during a wait and 500 ms during a transfer; the bounds here
    // are looser so a loaded CI machine cannot make the test flaky, and the measured figures
    // are reported by the benchmark notes rather than asserted to the millisecond.
    const milliseconds signal_at(1000);

    ScriptedServer waiting({{503, {}, "busy"}});
    const ProcessResult during_wait = run_rfetch(
        {waiting.url(), "--delay", "30s", "--jitter", "none"}, signalling(SIGTERM, signal_at));
    CHECK(during_wait.exit_code == 143);
    CHECK(during_wait.wall - signal_at < milliseconds(400));
    CHECK(parse_attempt_log(during_wait.err).result()["outcome"] == "interrupted");

    RawServer hanging({{RawMove::hang, {}}});
    const ProcessResult during_transfer =
        run_rfetch({hanging.url()}, signalling(SIGINT, signal_at));
    CHECK(during_transfer.exit_code == 130);
    CHECK(during_transfer.wall - signal_at < milliseconds(800));
    CHECK(parse_attempt_log(during_transfer.err).result()["outcome"] == "interrupted");
}
