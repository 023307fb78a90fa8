// The retry loop as a script sees it: statuses in, exit code and stdout out.

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"

using namespace rfetch::test;

namespace {

// Short waits keep the suite fast; the policy under test is the same at any scale.
std::vector<std::string> with(std::vector<std::string> args,
                              const std::vector<std::string>& more = kFastRetries) {
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

}  // namespace

TEST_CASE("503 503 200 exits 0 with only the final body on stdout", "[retry]") {
    ScriptedServer server(
        {{503, {}, "busy one\n"}, {503, {}, "busy two\n"}, {200, {}, "the body"}});

    const ProcessResult run = run_rfetch(with({server.url("/thing")}));

    CHECK(run.exit_code == 0);
    CHECK(run.out == "the body");
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.other_lines.empty());
    REQUIRE(log.attempts.size() == 3);
    CHECK(log.attempt_field("decision") ==
          std::vector<nlohmann::json>{"retry", "retry", "success"});
    CHECK(log.attempt_field("status") == std::vector<nlohmann::json>{503, 503, 200});
    CHECK(log.attempt_field("attempt") == std::vector<nlohmann::json>{1, 2, 3});
    CHECK(log.attempt_field("delay_source") ==
          std::vector<nlohmann::json>{"backoff", "backoff", nullptr});
    for (const auto& attempt : log.attempts) {
        CHECK(attempt["error"].is_null());
        CHECK(attempt["method"] == "GET");
    }
    CHECK(log.result()["outcome"] == "success");
    CHECK(log.result()["attempts"] == 3);
    CHECK(log.result()["status"] == 200);
    CHECK(log.result()["exit_code"] == 0);
    REQUIRE(server.request_count() == 3);
    for (const SeenRequest& request : server.requests()) {
        CHECK(request.method == "GET");
        CHECK(request.target == "/thing");
    }
}

TEST_CASE("always 503 exhausts the retries and exits 22 with nothing on stdout", "[retry]") {
    ScriptedServer server({{503, {}, "still busy"}});

    const ProcessResult run = run_rfetch(with({server.url(), "--retries", "2"}));

    CHECK(run.exit_code == 22);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 3);
    CHECK(log.attempt_field("decision") ==
          std::vector<nlohmann::json>{"retry", "retry", "give_up"});
    CHECK(log.result()["outcome"] == "exhausted");
    CHECK(log.result()["status"] == 503);
    CHECK(log.result()["exit_code"] == 22);
    CHECK(server.request_count() == 3);
}

TEST_CASE("always 503 with --no-fail exits 0 and writes only the final 503 body", "[retry]") {
    ScriptedServer server({{503, {}, "first"}, {503, {}, "second"}, {503, {}, "last"}});

    const ProcessResult run = run_rfetch(with({server.url(), "--retries", "2", "--no-fail"}));

    CHECK(run.exit_code == 0);
    CHECK(run.out == "last");
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.size() == 3);
    CHECK(log.result()["outcome"] == "exhausted");
    CHECK(log.result()["exit_code"] == 0);
    CHECK(server.request_count() == 3);
}

TEST_CASE("zero retries (--retries 0) makes exactly one attempt", "[retry]") {
    ScriptedServer server({{503, {}, "busy"}});

    const ProcessResult run = run_rfetch(with({server.url(), "--retries", "0"}));

    CHECK(run.exit_code == 22);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.size() == 1);
    CHECK(log.result()["outcome"] == "exhausted");
    CHECK(server.request_count() == 1);
}

TEST_CASE("404 is final: one attempt and exit 22", "[retry]") {
    ScriptedServer server({{404, {}, "no such thing"}, {200, {}, "never asked for"}});

    const ProcessResult run = run_rfetch(with({server.url("/missing")}));

    CHECK(run.exit_code == 22);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["decision"] == "give_up");
    CHECK(log.attempts[0]["status"] == 404);
    CHECK_FALSE(log.attempts[0].contains("delay_ms"));
    CHECK(log.result()["outcome"] == "http_error");
    CHECK(log.result()["exit_code"] == 22);
    CHECK(server.request_count() == 1);
}

TEST_CASE("the retryable set (--retry-on) replaces the defaults", "[retry]") {
    SECTION("a status outside the defaults becomes retryable") {
        ScriptedServer server({{418, {}, "teapot"}, {200, {}, "tea"}});
        const ProcessResult run = run_rfetch(with({server.url(), "--retry-on", "418"}));
        CHECK(run.exit_code == 0);
        CHECK(run.out == "tea");
        CHECK(server.request_count() == 2);
    }
    SECTION("a default status left out is no longer retried") {
        ScriptedServer server({{503, {}, "busy"}, {200, {}, "never asked for"}});
        const ProcessResult run = run_rfetch(with({server.url(), "--retry-on", "500"}));
        CHECK(run.exit_code == 22);
        CHECK(run.out.empty());
        CHECK(server.request_count() == 1);
    }
}
