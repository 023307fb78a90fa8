// Several targets waited for together: ready means ready at once, a target that fails for good
// ends the wait, and --parallel-max holds none of them back.

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"

using namespace rfetch::test;
using nlohmann::json;
using std::chrono::milliseconds;

namespace {

std::vector<ScriptedReply> replies(std::initializer_list<int> statuses) {
    std::vector<ScriptedReply> script;
    for (const int status : statuses) {
        script.push_back({status, {}, status == 200 ? "up" : "down"});
    }
    return script;
}

const json& summary_of(const AttemptLog& log) {
    REQUIRE_FALSE(log.events.empty());
    REQUIRE(log.events.back()["event"] == "summary");
    return log.events.back();
}

}  // namespace

TEST_CASE("a target that was ready and went down before the last came up keeps the wait going",
          "[wait][many][together]") {
    // early is ready at its first two polls and down from its third; late is ready from its
    // sixth. They are never ready at once.
    ScriptedServer early(replies({200, 200, 503}));
    ScriptedServer late(replies({503, 503, 503, 503, 503, 200}));

    const ProcessResult run = run_rfetch({"--until-status", "200", "--interval", "100ms",
                                          "--deadline", "1500ms", early.url(), late.url()});

    INFO(run.err);
    CHECK(run.exit_code == 28);
    CHECK(run.wall >= milliseconds(1300));
    // The ready target was polled again at the interval all along, not once.
    CHECK(early.request_count() >= 5);
    CHECK(late.request_count() >= 5);
    const AttemptLog log = parse_attempt_log(run.err);
    const json& summary = summary_of(log);
    CHECK(summary["exit_code"] == 28);
    REQUIRE(summary["not_ready"].size() == 1);
    CHECK(summary["not_ready"][0]["url"] == early.url());
    // Its last answer was the 503. Its reason says so, or, when the deadline fell during a
    // last poll that had no answer yet, that the poll timed out: which one comes first depends
    // on how the polls fell, not on the wait.
    std::vector<json> early_answers;
    for (const json& attempt : log.attempts) {
        if (attempt["index"] == 0 && !attempt["status"].is_null()) {
            early_answers.push_back(attempt["status"]);
        }
    }
    REQUIRE(early_answers.size() >= 3);
    CHECK(early_answers.back() == 503);
    CHECK_THAT(summary["not_ready"][0]["reason"].get<std::string>(),
               Catch::StartsWith("status 503 and ") ||
                   Catch::Equals("timed out and the deadline has passed"));
}

TEST_CASE("targets ready in the same round end the wait, the one that had flapped included",
          "[wait][many][together]") {
    ScriptedServer flapping(replies({200, 503, 200}));
    ScriptedServer late(replies({503, 503, 200}));

    const ProcessResult run =
        run_rfetch({"--until-status", "200", "--interval", "100ms", "--deadline", "10s", "--log",
                    "text", flapping.url(), late.url()});

    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "upup");
    // Ready together at their third polls: the flap at the second kept the wait going.
    CHECK(flapping.request_count() >= 3);
    CHECK(late.request_count() >= 3);
    // A ready target's text line says it is ready and polled again while the others wait.
    CHECK_THAT(run.err, Catch::Contains(flapping.url() +
                                        ": attempt 1: status 200; ready; polled again in 100ms "
                                        "while other targets wait"));
}

TEST_CASE("a target whose wait fails for good ends the whole wait at once, saying which and why",
          "[wait][many][together]") {
    ScriptedServer starting(replies({503}));
    // Plain HTTP where https:// is asked for: a TLS failure, which waiting cannot mend.
    ScriptedServer plain(replies({200}));
    // Its URL carries a password, which no reason that names the URL may show.
    const std::string host = plain.url().substr(std::string_view("http://").size());
    const std::string https_url = "https://user:secret@" + host;
    const std::string shown = "https://user:REDACTED@" + host;

    const ProcessResult run = run_rfetch({"--until-status", "200", "--interval", "200ms",
                                          "--deadline", "30s", starting.url(), https_url});

    INFO(run.err);
    CHECK(run.exit_code == 35);
    CHECK(run.wall < milliseconds(5000));
    CHECK(run.err.find("secret") == std::string::npos);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.results.size() == 2);
    const json& summary = summary_of(log);
    CHECK(summary["exit_code"] == 35);
    CHECK(summary["failed"] == 2);
    REQUIRE(summary["not_ready"].size() == 2);
    CHECK(summary["not_ready"][0]["url"] == starting.url());
    CHECK_THAT(
        summary["not_ready"][0]["reason"].get<std::string>(),
        Catch::EndsWith("the wait ended when " + shown + " failed (TLS failure is not retryable)"));
    CHECK(summary["not_ready"][1]["url"] == shown);
    CHECK(summary["not_ready"][1]["reason"] == "TLS failure is not retryable");
    for (const json& result : log.results) {
        if (result["url"] == starting.url()) {
            CHECK(result["outcome"] == "abandoned");
            CHECK(result["exit_code"] == 22);
        } else {
            CHECK(result["outcome"] == "not_retryable");
            CHECK(result["exit_code"] == 35);
        }
    }

    // So does a target that runs out of the retries it was given, with a poll still waiting:
    // that one answers slowly, so that the other surely spends its retries first.
    ScriptedServer missing(replies({404}));
    ScriptedServer slow({{503, {}, "down", milliseconds(1000)}});
    const ProcessResult spent =
        run_rfetch({"--until-status", "200", "--interval", "100ms", "--retries", "1", "--deadline",
                    "30s", slow.url(), missing.url()});
    INFO(spent.err);
    CHECK(spent.exit_code == 22);
    CHECK(spent.wall < milliseconds(5000));
    CHECK(missing.request_count() == 2);
}

TEST_CASE("a poll waits for every target at once, however few --parallel-max allows",
          "[wait][many][together]") {
    ScriptedServer a(replies({503, 200}));
    ScriptedServer b(replies({503, 200}));
    ScriptedServer c(replies({503, 200}));

    const ProcessResult run = run_rfetch({"--until-status", "200", "--interval", "400ms",
                                          "--parallel-max", "1", a.url(), b.url(), c.url()});

    INFO(run.err);
    CHECK(run.exit_code == 0);
    REQUIRE(a.request_count() == 2);
    REQUIRE(c.request_count() == 2);
    // All three were first polled together, well before a's interval of 400 ms was over. (One
    // after another, c's first poll would follow a's second, and the whole run would take no
    // longer than a sanitized build's start and exit on a busy machine can: the run's wall time
    // tells neither apart.)
    CHECK(c.requests().front().arrived - a.requests().front().arrived < milliseconds(300));
}

TEST_CASE("a ready POST is not sent again while another target is still waited for",
          "[wait][many][together]") {
    ScriptedServer payment(replies({200, 200, 200}));
    const std::string nobody = "tcp://127.0.0.1:" + std::to_string(unused_port());

    const ProcessResult run = run_rfetch({"-d", "payment=1", "--until-status", "200", "--interval",
                                          "100ms", "--deadline", "1s", payment.url(), nobody});

    INFO(run.err);
    CHECK(run.exit_code == 28);
    // One good answer to a POST stands: a second one could pay twice.
    CHECK(payment.request_count() == 1);
    const AttemptLog log = parse_attempt_log(run.err);
    const json& summary = summary_of(log);
    REQUIRE(summary["not_ready"].size() == 1);
    CHECK(summary["not_ready"][0]["url"] == nobody);
}

TEST_CASE("a target that gives up before the deadline ends the whole wait at once with 28",
          "[wait][many][together]") {
    ScriptedServer starting(replies({503}));
    ScriptedServer up(replies({200}));
    // Its server asks for 30 s, past the deadline of 20 s: it cannot be ready in time. It
    // answers last, so that the others' first polls have surely ended.
    ScriptedServer busy({{503, {{"Retry-After", "30"}}, "busy", milliseconds(300)}});

    const ProcessResult run =
        run_rfetch({"--until-status", "200", "--interval", "100ms", "--deadline", "20s",
                    starting.url(), up.url(), busy.url()});

    INFO(run.err);
    CHECK(run.exit_code == 28);
    CHECK(run.wall < milliseconds(5000));
    CHECK(busy.request_count() == 1);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.results.size() == 3);
    const json& summary = summary_of(log);
    CHECK(summary["exit_code"] == 28);
    REQUIRE(summary["not_ready"].size() == 2);
    CHECK(summary["not_ready"][0]["url"] == starting.url());
    CHECK_THAT(summary["not_ready"][0]["reason"].get<std::string>(),
               Catch::Contains("; the wait ended when " + busy.url() +
                               " could not be ready before the deadline (status 503 and "
                               "Retry-After asks for 30s"));
    CHECK(summary["not_ready"][1]["url"] == busy.url());
    for (const json& result : log.results) {
        if (result["url"] == busy.url()) {
            CHECK(result["outcome"] == "deadline");
            CHECK(result["exit_code"] == 28);
        } else if (result["url"] == starting.url()) {
            CHECK(result["outcome"] == "abandoned");
        } else {
            CHECK(result["outcome"] == "success");
        }
    }
}
