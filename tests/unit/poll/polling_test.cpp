// The decider and the engine in polling mode, on a fake clock: what is polled again, how long
// rfetch waits, and when it stops.

#include <catch2/catch.hpp>

#include "core/run/engine.h"
#include "unit/fakes.h"

using namespace rfetch;
using rfetch::testing::failure;
using rfetch::testing::FakeClock;
using rfetch::testing::FakeTransport;
using rfetch::testing::FixedRandom;
using rfetch::testing::no_dates;
using rfetch::testing::RecordingObserver;
using rfetch::testing::run_holding_bodies;
using rfetch::testing::status;

namespace {

constexpr Duration kInterval{2000};

RetryPolicy polling_policy(std::initializer_list<const char*> json = {}, int consecutive = 1) {
    RetryPolicy policy;
    policy.retries = std::nullopt;
    policy.backoff = {kInterval, kInterval, 1.0, JitterMode::none};
    PollingPolicy polling;
    for (const char* text : json) {
        polling.condition.json.push_back(*parse_json_condition(text).value);
    }
    polling.consecutive = consecutive;
    policy.polling = polling;
    return policy;
}

struct Poller {
    explicit Poller(std::deque<FakeTransport::Step> steps, RetryPolicy policy,
                    std::optional<Duration> deadline = Duration{60'000})
        : transport(clock, std::move(steps)),
          decider(policy, random, no_dates),
          engine(transport, clock, decider, RunLimits{deadline, std::nullopt}) {}

    RunResult run() { return run_holding_bodies(engine, request, observer); }

    std::vector<std::string> reasons() const {
        std::vector<std::string> out;
        for (const AttemptRecord& record : observer.records) {
            out.push_back(record.decision.reason);
        }
        return out;
    }

    std::vector<Action> actions() const {
        std::vector<Action> out;
        for (const AttemptRecord& record : observer.records) {
            out.push_back(record.decision.action);
        }
        return out;
    }

    FakeClock clock;
    FixedRandom random{0.0};
    FakeTransport transport;
    RetryDecider decider;
    Engine engine;
    RecordingObserver observer;
    Request request{"GET", "http://example.test/health", {}, std::nullopt};
};

}  // namespace

TEST_CASE("polling waits through 503, 404 and pending until ready", "[polling]") {
    Poller p({{status(503, {}, "starting")},
              {status(404, {}, "no route yet")},
              {status(200, {}, R"({"status":"pending"})")},
              {status(200, {}, R"({"status":"ready"})")}},
             polling_policy({R"(/status == "ready")"}));
    const RunResult result = p.run();
    CHECK(result.outcome == Outcome::success);
    CHECK(result.attempts == 4);
    CHECK(result.reason == "ready (status 200)");
    REQUIRE(result.final_response);
    CHECK(result.final_response->body == R"({"status":"ready"})");
    CHECK(p.reasons() == std::vector<std::string>{"status 503", "status 404",
                                                  R"(/status was "pending")",
                                                  "ready (status 200)"});
    CHECK(p.actions() ==
          std::vector<Action>{Action::retry, Action::retry, Action::retry, Action::success});
    CHECK(p.clock.waits == std::vector<Duration>(3, kInterval));
}

TEST_CASE("polling retries every connection failure of the retry set", "[polling]") {
    Poller p({{failure(FailureKind::connect, 7, false)},
              {failure(FailureKind::dns, 6, false)},
              {failure(FailureKind::reset, 56)},
              {failure(FailureKind::timeout, 28)},
              {failure(FailureKind::empty, 52)},
              {status(200, {}, R"({"status":"ready"})")}},
             polling_policy({R"(/status == "ready")"}));
    const RunResult result = p.run();
    CHECK(result.outcome == Outcome::success);
    CHECK(result.attempts == 6);
    CHECK(p.reasons().front() == "connection refused or unreachable");
}

TEST_CASE("polling ends on a failure that waiting does not heal", "[polling]") {
    Poller p({{failure(FailureKind::tls, 60)}}, polling_policy({R"(/status == "ready")"}));
    const RunResult result = p.run();
    CHECK(result.outcome == Outcome::not_retryable);
    CHECK(result.attempts == 1);
}

TEST_CASE("a body that is not JSON is polled again, with the reason", "[polling]") {
    Poller p({{status(200, {}, "<h1>Starting</h1>")}, {status(200, {}, R"({"ok":true})")}},
             polling_policy({"/ok == true"}));
    CHECK(p.run().outcome == Outcome::success);
    CHECK(p.reasons().front() == "body is not JSON");
}

TEST_CASE("consecutive 2 needs two ready polls in a row", "[polling]") {
    const std::string ready = R"({"status":"ready"})";
    const std::string pending = R"({"status":"pending"})";
    Poller p({{status(200, {}, ready)},
              {status(200, {}, pending)},
              {status(200, {}, ready)},
              {status(503, {}, "")},
              {status(200, {}, ready)},
              {status(200, {}, ready + " ")}},
             polling_policy({R"(/status == "ready")"}, 2));
    const RunResult result = p.run();
    CHECK(result.outcome == Outcome::success);
    CHECK(result.attempts == 6);
    CHECK(result.final_response->body == ready + " ");
    CHECK(p.reasons() == std::vector<std::string>{
                             "ready (status 200), 1 of 2 in a row", R"(/status was "pending")",
                             "ready (status 200), 1 of 2 in a row", "status 503",
                             "ready (status 200), 1 of 2 in a row",
                             "ready (status 200), 2 of 2 in a row"});
    // Between matches rfetch waits as between any two polls.
    CHECK(p.clock.waits == std::vector<Duration>(5, kInterval));
}

TEST_CASE("a connection failure breaks a run of ready polls", "[polling]") {
    Poller p(
        {{status(200)}, {failure(FailureKind::connect, 7, false)}, {status(200)}, {status(200)}},
        polling_policy({}, 2));
    CHECK(p.run().attempts == 4);
}

TEST_CASE("the deadline ends a poll that never becomes ready", "[polling]") {
    Poller p(std::deque<FakeTransport::Step>(5, {status(200, {}, R"({"status":"pending"})")}),
             polling_policy({R"(/status == "ready")"}), Duration{7000});
    const RunResult result = p.run();
    CHECK(result.outcome == Outcome::deadline);
    // Polls at 0, 2, 4 and 6 s; the wait to 8 s is cut to a last poll at 6.9 s.
    CHECK(result.attempts == 5);
    CHECK(p.clock.waits == std::vector<Duration>{kInterval, kInterval, kInterval, Duration{900}});
    CHECK(result.reason ==
          R"(/status was "pending" and no further attempt fits before the deadline)");
}

TEST_CASE("polling has no limit on retries but the deadline", "[polling]") {
    std::deque<FakeTransport::Step> steps(500, {status(503)});
    steps.push_back({status(200)});
    Poller p(std::move(steps), polling_policy(), Duration{10'000'000});
    const RunResult result = p.run();
    CHECK(result.outcome == Outcome::success);
    CHECK(result.attempts == 501);
}

TEST_CASE("a limit on retries still holds when polling", "[polling]") {
    RetryPolicy policy = polling_policy({R"(/status == "ready")"});
    policy.retries = 2;
    Poller p(std::deque<FakeTransport::Step>(3, {status(200, {}, R"({"status":"pending"})")}),
             policy);
    const RunResult result = p.run();
    CHECK(result.outcome == Outcome::exhausted);
    CHECK(result.attempts == 3);
    CHECK(result.reason == R"(/status was "pending" and no retries are left (2 allowed))");
}

TEST_CASE("Retry-After is honoured between polls", "[polling]") {
    Poller p({{status(503, {{"Retry-After", "5"}})}, {status(200)}}, polling_policy());
    CHECK(p.run().outcome == Outcome::success);
    REQUIRE(p.clock.waits.size() == 1);
    CHECK(p.clock.waits[0] == Duration{5000});
    CHECK(p.observer.records[0].decision.delay_source == DelaySource::retry_after);
}

TEST_CASE("a POST is not polled again without a key", "[polling]") {
    Poller declined({{status(200, {}, R"({"status":"pending"})")}},
                    polling_policy({R"(/status == "ready")"}));
    declined.request.method = "POST";
    const RunResult result = declined.run();
    CHECK(result.outcome == Outcome::not_retryable);
    CHECK_THAT(result.reason, Catch::Contains("a POST may have reached the server"));

    RetryPolicy keyed = polling_policy({R"(/status == "ready")"});
    keyed.has_idempotency_key = true;
    Poller allowed(
        {{status(200, {}, R"({"status":"pending"})")}, {status(200, {}, R"({"status":"ready"})")}},
        keyed);
    allowed.request.method = "POST";
    CHECK(allowed.run().outcome == Outcome::success);
}

TEST_CASE("without polling the reasons count the retries", "[polling]") {
    RetryPolicy policy;
    policy.backoff = {kInterval, kInterval, 1.0, JitterMode::none};
    Poller p({{status(503)}, {status(200)}}, policy);
    p.run();
    CHECK(p.reasons().front() == "status 503, retry 1 of 3");
}

namespace {

AttemptResult connected() {
    AttemptResult result;
    result.connected = true;
    result.request_sent = false;
    return result;
}

RetryPolicy until_down_policy(std::optional<StatusList> up = std::nullopt) {
    RetryPolicy policy = polling_policy();
    policy.polling->until_down = true;
    policy.polling->condition.statuses = std::move(up);
    return policy;
}

}  // namespace

TEST_CASE("a tcp:// target is ready once a connection is accepted", "[polling][tcp]") {
    Poller p({{failure(FailureKind::connect, 7, false)},
              {failure(FailureKind::connect, 7, false)},
              {connected()}},
             polling_policy());
    const RunResult result = p.run();
    CHECK(result.outcome == Outcome::success);
    CHECK(result.attempts == 3);
    CHECK(p.reasons() == std::vector<std::string>{"connection refused or unreachable",
                                                  "connection refused or unreachable",
                                                  "ready (connection accepted)"});
    CHECK_FALSE(result.final_response);
}

TEST_CASE("until down (--until-down) waits for a refused connection, a timeout or a bad status",
          "[polling][down]") {
    SECTION("a connection that is refused") {
        Poller p({{connected()}, {connected()}, {failure(FailureKind::connect, 7, false)}},
                 until_down_policy());
        CHECK(p.run().outcome == Outcome::success);
        CHECK(p.reasons() == std::vector<std::string>{"connection accepted", "connection accepted",
                                                      "down (connection refused or unreachable)"});
    }
    SECTION("a status outside the list that counts as up") {
        Poller p({{status(200)}, {status(204)}, {status(503)}},
                 until_down_policy(*parse_status_list("2xx").value));
        CHECK(p.run().outcome == Outcome::success);
        CHECK(p.reasons() ==
              std::vector<std::string>{"status 200", "status 204", "down (status 503)"});
    }
    SECTION("without a list, a status of 400 or more") {
        Poller p({{status(200)}, {status(404)}}, until_down_policy());
        CHECK(p.run().outcome == Outcome::success);
        CHECK(p.reasons() == std::vector<std::string>{"status 200", "down (status 404)"});
    }
    SECTION("a timeout, a reset and an empty reply count as down; a TLS failure does not") {
        for (const FailureKind kind :
             {FailureKind::timeout, FailureKind::reset, FailureKind::empty, FailureKind::dns}) {
            Poller p({{status(200)}, {failure(kind, 28)}}, until_down_policy());
            CHECK(p.run().outcome == Outcome::success);
        }
        Poller tls({{status(200)}, {failure(FailureKind::tls, 35)}}, until_down_policy());
        CHECK(tls.run().outcome == Outcome::not_retryable);
    }
    SECTION("a service that never goes down ends at the deadline") {
        // Polls at 0, 2, 4 and 6 s, and a last one just before 10 s.
        Poller p({{status(200)},
                  {status(200)},
                  {status(200)},
                  {status(200)},
                  {status(200)},
                  {status(200)}},
                 until_down_policy(), Duration{10'000});
        const RunResult result = p.run();
        CHECK(result.outcome == Outcome::deadline);
        CHECK_THAT(result.reason, Catch::StartsWith("status 200 and "));
    }
}

TEST_CASE("a stable window (--stable) needs the condition to hold for that long",
          "[polling][stable]") {
    RetryPolicy policy = polling_policy();
    policy.polling->stable = Duration{5000};
    // Polls every 2 s: ready at 0, 2, a flap at 4, then ready at 6, 8, 10 and 12 s.
    Poller p({{status(200)},
              {status(200)},
              {status(503)},
              {status(200)},
              {status(200)},
              {status(200)},
              {status(200)}},
             policy);
    const RunResult result = p.run();
    CHECK(result.outcome == Outcome::success);
    CHECK(result.attempts == 7);
    CHECK(p.reasons() == std::vector<std::string>{
                             "ready (status 200), held 0ms of 5s",
                             "ready (status 200), held 2s of 5s",
                             "status 503",
                             "ready (status 200), held 0ms of 5s",
                             "ready (status 200), held 2s of 5s",
                             "ready (status 200), held 4s of 5s",
                             "ready (status 200), held 6s of 5s",
                         });
}

TEST_CASE("a stable window and polls in a row must both hold", "[polling][stable]") {
    RetryPolicy policy = polling_policy({}, 3);
    policy.polling->stable = Duration{1000};
    Poller p({{status(200)}, {status(200)}, {status(200)}, {status(500)}}, policy);
    const RunResult result = p.run();
    CHECK(result.outcome == Outcome::success);
    // The window is met at the second poll; the count of three only at the third.
    CHECK(result.attempts == 3);
    CHECK(p.actions() == std::vector<Action>{Action::retry, Action::retry, Action::success});
}

TEST_CASE("a poll waiting with other targets is polled again when ready, and says it is ready",
          "[polling]") {
    RetryPolicy policy = polling_policy();
    policy.polling->keep_polling_when_ready = true;
    FixedRandom random{0.0};
    RetryDecider decider(policy, random, no_dates);
    const TimePoint start{};
    AttemptResult up = status(200);
    const Decision first = decider.decide({1, "GET", start, {}, std::nullopt, {}, start}, up);
    CHECK(first.action == Action::retry);
    CHECK(first.outcome == Outcome::success);
    CHECK(first.delay == kInterval);
    CHECK(first.reason == "ready (status 200)");
    const Decision down =
        decider.decide({2, "GET", start + kInterval, {}, std::nullopt, {}, start}, status(503));
    CHECK(down.action == Action::retry);
    CHECK(down.outcome != Outcome::success);
}

TEST_CASE("a ready POST waiting with other targets is not polled again: it may not be repeated",
          "[polling]") {
    RetryPolicy policy = polling_policy();
    policy.polling->keep_polling_when_ready = true;
    FixedRandom random{0.0};
    RetryDecider decider(policy, random, no_dates);
    const TimePoint start{};
    const Decision post =
        decider.decide({1, "POST", start, {}, std::nullopt, {}, start}, status(200));
    CHECK(post.action == Action::success);
    CHECK(post.outcome == Outcome::success);

    policy.has_idempotency_key = true;
    RetryDecider keyed(policy, random, no_dates);
    const Decision with_key =
        keyed.decide({1, "POST", start, {}, std::nullopt, {}, start}, status(200));
    CHECK(with_key.action == Action::retry);
    CHECK(with_key.outcome == Outcome::success);
}
