// Polling until a service is ready (--until-status, --until-body, --until-json): the real binary
// against services that come up slowly, flap, or never come up.

#include <algorithm>
#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"

using namespace rfetch::test;
using nlohmann::json;

namespace {

const std::string kPending = R"({"status":"pending"})";
const std::string kReady = R"({"status":"ready","replicas":3})";
const std::string kUntilReady = R"(/status == "ready")";

std::vector<std::string> polling(std::vector<std::string> args) {
    for (const char* more : {"--interval", "20ms"}) {
        args.emplace_back(more);
    }
    return args;
}

std::vector<json> strings(std::initializer_list<const char*> values) {
    return {values.begin(), values.end()};
}

}  // namespace

TEST_CASE("polling waits through 503, 404 and a pending JSON body until ready", "[polling]") {
    ScriptedServer server({{503, {}, "<h1>starting</h1>"},
                           {404, {}, "no route yet"},
                           {200, {{"Content-Type", "application/json"}}, kPending},
                           {200, {{"Content-Type", "application/json"}}, kReady}});

    const ProcessResult run = run_rfetch(
        polling({"--until-status", "200", "--until-json", kUntilReady, server.url("/health")}));

    CHECK(run.exit_code == 0);
    CHECK(run.out == kReady);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.other_lines.empty());
    REQUIRE(log.attempts.size() == 4);
    CHECK(log.attempt_field("status") == std::vector<json>{503, 404, 200, 200});
    CHECK(log.attempt_field("decision") == strings({"retry", "retry", "retry", "success"}));
    CHECK(log.attempt_field("reason") ==
          strings({"status 503", "status 404", R"(/status was "pending")", "ready (status 200)"}));
    CHECK(log.attempt_field("delay_ms") == std::vector<json>{20, 20, 20, nullptr});
    CHECK(log.result()["outcome"] == "success");
    CHECK(log.result()["reason"] == "ready (status 200)");
    CHECK(log.result()["attempts"] == 4);
    CHECK(log.result()["exit_code"] == 0);
    REQUIRE(server.request_count() == 4);
    for (const SeenRequest& request : server.requests()) {
        CHECK(request.method == "GET");
        CHECK(request.target == "/health");
    }
}

TEST_CASE("two in a row (--consecutive 2) waits out a flapping service", "[polling]") {
    ScriptedServer server({{200, {}, kReady},
                           {200, {}, kPending},
                           {200, {}, kReady},
                           {503, {}, "flap"},
                           {200, {}, kReady},
                           {200, {}, kReady + "\n"},
                           {500, {}, "never asked for"}});

    const ProcessResult run =
        run_rfetch(polling({"--until-json", kUntilReady, "--consecutive", "2", server.url()}));

    CHECK(run.exit_code == 0);
    CHECK(run.out == kReady + "\n");
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempt_field("reason") ==
          strings({"ready (status 200), 1 of 2 in a row", R"(/status was "pending")",
                   "ready (status 200), 1 of 2 in a row", "status 503",
                   "ready (status 200), 1 of 2 in a row", "ready (status 200), 2 of 2 in a row"}));
    CHECK(log.attempt_field("decision") ==
          strings({"retry", "retry", "retry", "retry", "retry", "success"}));
    CHECK(log.result()["reason"] == "ready (status 200), 2 of 2 in a row");
    CHECK(server.request_count() == 6);
}

TEST_CASE("a deadline that passes first exits 28 with the last reason", "[polling]") {
    ScriptedServer server({{200, {}, kPending}});

    const ProcessResult run = run_rfetch(
        {"--until-json", kUntilReady, "--interval", "100ms", "--deadline", "1s", server.url()});

    CHECK(run.exit_code == 28);
    CHECK(run.out.empty());
    CHECK(run.wall < std::chrono::seconds(5));
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() >= 3);
    for (std::size_t i = 0; i + 1 < log.attempts.size(); ++i) {
        CHECK(log.attempts[i]["decision"] == "retry");
        CHECK(log.attempts[i]["reason"] == R"(/status was "pending")");
    }
    CHECK(log.attempts.back()["decision"] == "give_up");
    CHECK(log.result()["outcome"] == "deadline");
    CHECK(log.result()["reason"] == log.attempts.back()["reason"]);
    // The last answer's reason, unless the last poll, which starts 100 ms before the deadline,
    // had no answer by then (a sanitized build on a busy machine): then that it timed out.
    CHECK_THAT(log.result()["reason"].get<std::string>(),
               Catch::StartsWith(R"(/status was "pending" and )") ||
                   Catch::Equals("timed out and the deadline has passed"));
    CHECK(log.result()["exit_code"] == 28);
    CHECK(server.request_count() == log.attempts.size());
}

TEST_CASE("polling a port where nothing listens ends at the deadline", "[polling]") {
    const std::string url = "http://127.0.0.1:" + std::to_string(unused_port()) + "/health";

    const ProcessResult run =
        run_rfetch({"--until-status", "2xx", "--interval", "100ms", "--deadline", "1s", url});

    CHECK(run.exit_code == 28);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    // More than the 5 retries of the default: polling has no limit but the deadline.
    REQUIRE(log.attempts.size() >= 7);
    for (const json& attempt : log.attempts) {
        CHECK(attempt["error"] == "connect");
        CHECK_THAT(attempt["reason"].get<std::string>(),
                   Catch::StartsWith("connection refused or unreachable"));
    }
    CHECK(log.result()["outcome"] == "deadline");
    CHECK(log.result()["reason"] == log.attempts.back()["reason"]);
}

TEST_CASE("a body pattern (--until-body) is polled until the body matches", "[polling]") {
    ScriptedServer server({{200, {}, "warming up"}, {200, {}, "db: OK\ncache: OK\n"}});

    const ProcessResult run =
        run_rfetch(polling({"--until-body", "^cache: OK$", "--log", "text", server.url()}));

    CHECK(run.exit_code == 0);
    CHECK(run.out == "db: OK\ncache: OK\n");
    CHECK(run.err ==
          "rfetch: attempt 1: status 200, body did not match \"^cache: OK$\"; retrying in 20ms "
          "(backoff)\nrfetch: attempt 2: status 200; ready\n");
}

TEST_CASE("a status list (--until-status) can wait for a status rfetch would otherwise fail on",
          "[polling]") {
    ScriptedServer server({{200, {}, "still here"}, {410, {}, "gone"}});

    const ProcessResult run = run_rfetch(polling({"--until-status", "404,410", server.url()}));

    CHECK(run.exit_code == 0);
    CHECK(run.out == "gone");
}

TEST_CASE("a limit on retries that runs out while polling exits 22", "[polling]") {
    ScriptedServer server({{200, {}, kPending}});

    const ProcessResult run =
        run_rfetch(polling({"--until-json", kUntilReady, "--retries", "2", server.url()}));

    CHECK(run.exit_code == 22);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.size() == 3);
    CHECK(log.result()["outcome"] == "exhausted");
    CHECK(log.result()["reason"] == R"(/status was "pending" and no retries are left (2 allowed))");
    CHECK(server.request_count() == 3);
}

TEST_CASE("a bad condition is a usage error: one line, nothing sent", "[polling]") {
    const auto [args, named] = GENERATE(table<std::vector<std::string>, std::string>({
        {{"--until-json", "/status"}, "--until-json: '/status' has no operator"},
        {{"--until-json", "status == 1"}, "does not start with '/'"},
        {{"--until-json", "/a~2 == 1"}, "'~' is not followed by 0 or 1"},
        {{"--until-json", "/status = 1"}, "has the operator '='"},
        {{"--until-json", "/status == ready"}, "has the VALUE 'ready', which is not JSON"},
        {{"--until-json", "/ok < true"}, "needs a number or a string"},
        {{"--until-json", R"(/a == 1)", "--until-json", "/b =="}, "'/b ==' has no VALUE"},
        {{"--until-body", "(unclosed"}, "--until-body: '(unclosed' is not an ECMAScript"},
        {{"--until-status", "200,ok"}, "--until-status: '200,ok' has 'ok'"},
        {{"--until-status", "600"}, "--until-status"},
        {{"--until-status", "200", "--consecutive", "0"}, "--consecutive: '0'"},
        {{"--consecutive", "2"}, "--consecutive: '2' counts polls that meet a condition"},
        {{"--interval", "0"}, "--interval: '0' must be longer than zero"},
        {{"--interval", "5x"}, "--interval: '5x' is not a duration"},
    }));
    ScriptedServer server({{200, {}, "never asked for"}});
    std::vector<std::string> argv = args;
    argv.push_back(server.url());

    const ProcessResult run = run_rfetch(argv);

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK_THAT(run.err, Catch::StartsWith("rfetch: ") && Catch::EndsWith("\n"));
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    CHECK_THAT(run.err, Catch::Contains(named));
    CHECK(server.request_count() == 0);
}

TEST_CASE("help (--help) shows the polling defaults", "[polling]") {
    const ProcessResult run = run_rfetch({"--help"});

    CHECK(run.exit_code == 0);
    CHECK_THAT(run.out, Catch::Contains("(default none; 60s when polling)"));
    CHECK_THAT(run.out, Catch::Contains("(default 5; unlimited when polling)"));
    CHECK_THAT(run.out, Catch::Contains("--until-json"));
}

TEST_CASE("a poll checks every second by default and notices readiness within the interval",
          "[polling]") {
    ScriptedServer server({{503, {}, "starting"}, {503, {}, "starting"}, {200, {}, kReady}});

    const ProcessResult run = run_rfetch({"--until-status", "200", server.url()});

    CHECK(run.exit_code == 0);
    CHECK(run.out == kReady);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 3);
    for (std::size_t i = 0; i < 2; ++i) {
        CHECK(log.attempts[i]["delay_ms"] == 1000);
        CHECK(log.attempts[i]["delay_source"] == "backoff");
    }
    // Readiness is seen within the interval plus 50 ms of the poll before it; the bound is
    // generous for a loaded machine.
    const std::vector<SeenRequest> seen = server.requests();
    REQUIRE(seen.size() == 3);
    for (std::size_t i = 1; i < seen.size(); ++i) {
        const auto gap = seen[i].arrived - seen[i - 1].arrived;
        CHECK(gap >= std::chrono::milliseconds(1000));
        // Half an interval of room for a loaded machine: a wait of two intervals would fail.
        CHECK(gap < std::chrono::milliseconds(1500));
    }
}

TEST_CASE("a poll of a port where nothing listens uses its whole deadline", "[polling]") {
    const std::string url = "http://127.0.0.1:" + std::to_string(unused_port()) + "/health";

    const ProcessResult run = run_rfetch({"--until-status", "200", "--deadline", "3s", url});

    CHECK(run.exit_code == 28);
    const AttemptLog log = parse_attempt_log(run.err);
    // Polls at 0, 1 and 2 s, then a last one 100 ms before the deadline.
    REQUIRE(log.attempts.size() == 4);
    CHECK(log.attempts[2]["delay_source"] == "deadline");
    CHECK(log.result()["outcome"] == "deadline");
    CHECK(run.wall >= std::chrono::milliseconds(2850));
    // By rfetch's own clock: a sanitized build's start and exit on a busy machine take a second.
    CHECK(log.result()["elapsed_ms"].get<long long>() < 3500);
}

TEST_CASE("a poll honours a Retry-After longer than the default limit while the deadline allows",
          "[polling]") {
    // 130 s is more than the 2m that --max-retry-after allows without polling; the deadline
    // alone bounds a poll's wait, and here it cannot be met: exit 28 at once, not 22.
    ScriptedServer server({{503, {{"Retry-After", "130"}}, "later"}});

    const ProcessResult run =
        run_rfetch({"--until-status", "200", "--deadline", "10s", server.url()});

    CHECK(run.exit_code == 28);
    CHECK(run.wall < std::chrono::seconds(5));
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.result()["outcome"] == "deadline");
    CHECK_THAT(log.result()["reason"].get<std::string>(),
               Catch::Contains("Retry-After asks for 130s"));

    // Within the deadline the same wait is honoured: a second attempt after it.
    ScriptedServer soon({{503, {{"Retry-After", "1"}}, "later"}, {200, {}, kReady}});
    const ProcessResult waited = run_rfetch(
        {"--until-status", "200", "--deadline", "10s", "--max-retry-after", "2s", soon.url()});
    CHECK(waited.exit_code == 0);
    CHECK(waited.out == kReady);

    // An explicit --max-retry-after still caps a poll's wait.
    ScriptedServer capped({{503, {{"Retry-After", "5"}}, "later"}});
    const ProcessResult refused = run_rfetch(
        {"--until-status", "200", "--deadline", "10s", "--max-retry-after", "1s", capped.url()});
    CHECK(refused.exit_code == 22);
    CHECK(parse_attempt_log(refused.err).result()["outcome"] == "retry_after_too_long");
}

TEST_CASE("a poll whose condition was never met fails even with no-fail (--no-fail)", "[polling]") {
    ScriptedServer server({{200, {}, kPending}});

    const ProcessResult run = run_rfetch(
        polling({"--until-json", kUntilReady, "--retries", "2", "--no-fail", server.url()}));

    CHECK(run.exit_code == 22);
    CHECK(parse_attempt_log(run.err).result()["outcome"] == "exhausted");
    CHECK(server.request_count() == 3);
}
