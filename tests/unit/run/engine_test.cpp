#include "core/run/engine.h"

#include <catch2/catch.hpp>

#include "core/run/retry_run.h"
#include "unit/fakes.h"

using namespace rfetch;
using rfetch::testing::failure;
using rfetch::testing::FakeClock;
using rfetch::testing::FakeTransport;
using rfetch::testing::FixedRandom;
using rfetch::testing::MemoryOutput;
using rfetch::testing::no_dates;
using rfetch::testing::RecordingObserver;
using rfetch::testing::status;

namespace {

RetryPolicy fixed_policy(int retries) {
    RetryPolicy policy;
    policy.retries = retries;
    policy.backoff = {Duration{100}, Duration{10'000}, 2.0, JitterMode::none};
    return policy;
}

struct Harness {
    explicit Harness(std::deque<FakeTransport::Step> steps, RetryPolicy policy = fixed_policy(3),
                     RunLimits limits = {})
        : transport(clock, std::move(steps)),
          decider(policy, random, no_dates),
          engine(transport, clock, decider, limits) {}

    RunResult run() {
        Delivery delivery(output, delivery_policy, [this](const Response& head) {
            return decider.ends_run(request.method, head);
        });
        return engine.run(request, delivery, observer);
    }

    FakeClock clock;
    FixedRandom random{0.0};
    FakeTransport transport;
    RetryDecider decider;
    Engine engine;
    RecordingObserver observer;
    Request request{"GET", "http://example.test/", {}, std::nullopt};
    MemoryOutput output;
    DeliveryPolicy delivery_policy;
};

}  // namespace

TEST_CASE("503, 503, 200 retries twice and keeps only the final response", "[engine]") {
    Harness h({{status(503, {}, "down")}, {status(503, {}, "down")}, {status(200, {}, "ok")}});
    const RunResult result = h.run();
    CHECK(result.outcome == Outcome::success);
    CHECK(result.attempts == 3);
    REQUIRE(result.final_response);
    CHECK(result.final_response->body == "ok");
    CHECK(h.clock.waits == std::vector<Duration>{Duration{100}, Duration{200}});
    REQUIRE(h.observer.records.size() == 3);
    CHECK(h.observer.records[0].decision.action == Action::retry);
    CHECK(h.observer.records[1].decision.action == Action::retry);
    CHECK(h.observer.records[2].decision.action == Action::success);
    CHECK(h.observer.records[2].status == 200);
}

TEST_CASE("always 503 exhausts the retries", "[engine]") {
    Harness h({{status(503)}, {status(503)}, {status(503)}}, fixed_policy(2));
    const RunResult result = h.run();
    CHECK(result.outcome == Outcome::exhausted);
    CHECK(result.attempts == 3);
    CHECK(h.transport.requests.size() == 3);
}

TEST_CASE("every attempt sends the same request, body included", "[engine]") {
    Harness h({{failure(FailureKind::reset, 56)}, {status(200)}});
    h.request = {"PUT", "http://example.test/", {{"X-A", "1"}}, std::string("a\0b\n", 4)};
    h.run();
    REQUIRE(h.transport.requests.size() == 2);
    CHECK(h.transport.requests[1].body == std::string("a\0b\n", 4));
    CHECK(h.transport.requests[0].body == h.transport.requests[1].body);
}

TEST_CASE("each attempt's limits are cut to what the deadline leaves", "[engine]") {
    RunLimits limits;
    limits.deadline = Duration{1000};
    limits.attempt_timeout = Duration{600};
    limits.connect_timeout = Duration{10'000};
    Harness h({{failure(FailureKind::timeout, 28), Duration{600}},
               {failure(FailureKind::timeout, 28), Duration{600}}},
              fixed_policy(5), limits);
    const RunResult result = h.run();
    REQUIRE(h.transport.limits_seen.size() == 2);
    CHECK(h.transport.limits_seen[0].total == Duration{600});
    CHECK(h.transport.limits_seen[0].connect == Duration{600});
    // 600 ms spent, 100 ms waited: 300 ms are left for the second attempt.
    CHECK(h.transport.limits_seen[1].total == Duration{300});
    CHECK(result.outcome == Outcome::deadline);
    CHECK(result.elapsed == Duration{1000});
}

TEST_CASE("attempt limits without a deadline are the flags' own", "[engine]") {
    RunLimits limits;
    limits.connect_timeout = Duration{2000};
    limits.stall_timeout = Duration{5000};
    const AttemptLimits attempt = attempt_limits(limits, std::nullopt);
    CHECK_FALSE(attempt.total);
    CHECK(attempt.connect == Duration{2000});
    CHECK(attempt.stall == Duration{5000});
    CHECK(attempt_limits(limits, Duration{1500}).connect == Duration{1500});
    CHECK(attempt_limits(limits, Duration{1500}).total == Duration{1500});
}

TEST_CASE("a signal during a wait ends the run as interrupted", "[engine]") {
    Harness h({{status(503)}, {status(200)}});
    h.clock.interrupt_next_wait = true;
    const RunResult result = h.run();
    CHECK(result.outcome == Outcome::interrupted);
    CHECK(result.attempts == 1);
    CHECK(h.transport.requests.size() == 1);
}

TEST_CASE("a reader that goes away during a wait ends the run with nothing more sent", "[engine]") {
    Harness h({{status(503)}, {status(200)}});
    // The real clock cuts its wait short when stdout's reader goes.
    h.clock.during_wait = [&h] { h.output.gone = true; };
    h.clock.interrupt_next_wait = true;
    const RunResult result = h.run();
    CHECK(result.outcome == Outcome::write_error);
    CHECK(result.reason == "the reader of the output went away");
    CHECK(result.reader_gone);
    CHECK(result.attempts == 1);
    CHECK(h.transport.requests.size() == 1);
}

TEST_CASE("a reader gone by the end of a wait it did not cut short sends nothing more",
          "[engine]") {
    Harness h({{status(503)}, {status(200)}});
    h.clock.during_wait = [&h] { h.output.gone = true; };
    const RunResult result = h.run();
    CHECK(result.outcome == Outcome::write_error);
    CHECK(result.reader_gone);
    CHECK(h.transport.requests.size() == 1);
}

TEST_CASE("a transfer stopped by a signal is not retried", "[engine]") {
    Harness h({{failure(FailureKind::aborted, 42)}, {status(200)}});
    CHECK(h.run().outcome == Outcome::interrupted);
    CHECK(h.transport.requests.size() == 1);
}

TEST_CASE("elapsed time and records come from the injected clock", "[engine]") {
    Harness h({{status(503), Duration{250}}, {status(200), Duration{50}}});
    const RunResult result = h.run();
    CHECK(result.elapsed == Duration{400});
    CHECK(h.observer.records[0].elapsed == Duration{250});
    CHECK(h.observer.records[1].elapsed == Duration{50});
}

namespace {

class CountingHeaders final : public AttemptHeaders {
  public:
    std::vector<Header> for_attempt(int attempt) override {
        return {{"X-Attempt", std::to_string(attempt)}};
    }
};

}  // namespace

TEST_CASE("per-attempt headers are sent and recorded with each attempt", "[engine]") {
    FakeClock clock;
    FixedRandom random(0.0);
    FakeTransport transport(clock, {{status(503)}, {status(200)}});
    RetryDecider decider(fixed_policy(3), random, no_dates);
    CountingHeaders headers;
    Engine engine(transport, clock, decider, RunLimits{}, &headers);
    RecordingObserver observer;
    MemoryOutput output;
    Delivery delivery(output, {}, [](const Response&) { return true; });
    engine.run(Request{"GET", "http://example.test/", {}, std::nullopt}, delivery, observer);
    REQUIRE(transport.attempt_headers_seen.size() == 2);
    CHECK(transport.attempt_headers_seen[0].at(0).value == "1");
    CHECK(transport.attempt_headers_seen[1].at(0).value == "2");
    CHECK(observer.records[1].attempt_headers.at(0).value == "2");
}

TEST_CASE("each attempt knows what the deadline leaves, for the waits between its requests",
          "[engine]") {
    RunLimits limits;
    limits.deadline = Duration{1000};
    limits.attempt_timeout = Duration{300};
    Harness h({{failure(FailureKind::timeout, 28), Duration{300}}, {status(200)}}, fixed_policy(5),
              limits);
    h.run();
    REQUIRE(h.transport.limits_seen.size() == 2);
    CHECK(h.transport.limits_seen[0].total == Duration{300});
    CHECK(h.transport.limits_seen[0].time_left == Duration{1000});
    // 300 ms spent, 100 ms waited.
    CHECK(h.transport.limits_seen[1].time_left == Duration{600});
    CHECK_FALSE(attempt_limits(RunLimits{}, std::nullopt).time_left);
}

TEST_CASE("a redirect's wait within an attempt is logged as a wait before the attempt",
          "[engine]") {
    AttemptResult followed = status(200, {}, "there");
    RedirectWait wait;
    wait.status = 303;
    wait.asked = Duration{2'000};
    wait.waited = Duration{2'001};
    wait.started = WallTime{std::chrono::seconds(1'700'000'005)};
    followed.redirect_waits.push_back(wait);
    RedirectWait refused = wait;
    refused.verdict = RedirectWait::Verdict::too_long;
    followed.redirect_waits.push_back(refused);
    Harness h({{followed}});

    const RunResult result = h.run();

    CHECK(result.outcome == Outcome::retry_after_too_long);
    REQUIRE(h.observer.waits.size() == 1);  // a refused wait was never waited
    CHECK(h.observer.waits[0].attempt == 1);
    CHECK(h.observer.waits[0].why == WaitReason::redirect);
    CHECK(h.observer.waits[0].waited == Duration{2'001});
    CHECK(h.observer.waits[0].started == wait.started);
    CHECK(h.observer.waits[0].delay_source == DelaySource::retry_after);
    CHECK(h.clock.waits.empty());  // the transport waited, not the run
}
