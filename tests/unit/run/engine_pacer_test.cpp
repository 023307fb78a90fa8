// The engine with a pacer: a spent quota that one run learns holds the next run of the origin.

#include <catch2/catch.hpp>

#include "core/run/engine.h"
#include "core/state/adaptive_pace.h"
#include "core/state/quota_holds.h"
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

RetryPolicy quick_retries() {
    RetryPolicy policy;
    policy.retries = 3;
    policy.backoff = {Duration{100}, Duration{100}, 2.0, JitterMode::none};
    return policy;
}

// One run of the origin, its pacer drawn from holds that other runs share.
struct Run {
    Run(FakeClock& clock, QuotaHolds& holds, std::deque<FakeTransport::Step> steps,
        RunLimits limits = {})
        : transport(clock, std::move(steps)),
          decider(quick_retries(), random, no_dates),
          pacer(holds.pacer_for("http://example.test:80")),
          engine(transport, clock, decider, limits, nullptr, nullptr, pacer.get()) {}

    RunResult operator()() { return run_holding_bodies(engine, request, observer); }

    FixedRandom random{0.0};
    FakeTransport transport;
    RetryDecider decider;
    std::unique_ptr<AttemptPacer> pacer;
    Engine engine;
    RecordingObserver observer;
    Request request{"GET", "http://example.test/", {}, std::nullopt};
};

const std::vector<Header> kSpent{{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "30"}};

}  // namespace

TEST_CASE("a success that spends the quota holds the origin's next run until the reset",
          "[engine][quota]") {
    FakeClock clock;
    QuotaHolds holds(nullptr);
    Run first(clock, holds, {{status(200, kSpent)}});
    CHECK(first().outcome == Outcome::success);
    CHECK(clock.waits.empty());

    clock.advance(Duration{10'000});
    Run second(clock, holds, {{status(200)}});
    const RunResult result = second();
    CHECK(result.outcome == Outcome::success);
    CHECK(clock.waits == std::vector<Duration>{Duration{20'000}});
    CHECK(result.attempts == 1);
    // The log hears of the wait, and what held the attempt.
    REQUIRE(second.observer.waits.size() == 1);
    CHECK(second.observer.waits[0].attempt == 1);
    CHECK(second.observer.waits[0].why == WaitReason::quota);
    CHECK(second.observer.waits[0].waited == Duration{20'000});
}

TEST_CASE("a hold past the deadline ends the run at once, with nothing sent", "[engine][quota]") {
    FakeClock clock;
    QuotaHolds holds(nullptr);
    Run first(clock, holds, {{status(200, kSpent)}});
    first();

    RunLimits limits;
    limits.deadline = Duration{5000};
    Run second(clock, holds, {{status(200)}}, limits);
    const RunResult result = second();
    CHECK(result.outcome == Outcome::deadline);
    CHECK(result.attempts == 0);
    CHECK(second.transport.requests.empty());
    CHECK(clock.waits.empty());
}

TEST_CASE("a run's own retry after a spent quota waits once, not twice", "[engine][quota]") {
    FakeClock clock;
    QuotaHolds holds(nullptr);
    Run run(clock, holds, {{status(429, {{"RateLimit", "\"d\";r=0;t=2"}})}, {status(200)}});
    const RunResult result = run();
    CHECK(result.outcome == Outcome::success);
    CHECK(clock.waits == std::vector<Duration>{Duration{2000}});
}

namespace {

// A pacer that records what the engine tells it of each answer.
class HearingPacer final : public AttemptPacer {
  public:
    PacerHold wait_before_attempt(TimePoint /*now*/, WallTime /*wall_now*/) override {
        return PacerHold{Duration{0}, WaitReason::token};
    }
    void quota_spent(WallTime /*now*/, Duration /*reset*/) override {}
    void answered(WallTime /*now*/, Duration in_flight, bool throttled) override {
        heard.push_back(throttled);
        flights.push_back(in_flight);
    }
    std::vector<bool> heard;
    std::vector<Duration> flights;
};

}  // namespace

TEST_CASE("the pacer hears which answers asked the client to slow down", "[engine][adaptive]") {
    FakeClock clock;
    FakeTransport transport(
        clock, {{status(429)},
                {status(503)},
                {status(503, {{"Retry-After", "1"}})},
                {status(500, {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "1"}})},
                {failure(FailureKind::connect)},
                {status(200), Duration{40}}});
    FixedRandom random{0.0};
    RetryPolicy policy = quick_retries();
    policy.retries = 5;
    RetryDecider decider(policy, random, no_dates);
    HearingPacer pacer;
    Engine engine(transport, clock, decider, {}, nullptr, nullptr, &pacer);
    RecordingObserver observer;
    Request request{"GET", "http://example.test/", {}, std::nullopt};
    CHECK(run_holding_bodies(engine, request, observer).outcome == Outcome::success);
    // A failure with no answer tells nothing of the origin's limits.
    CHECK(pacer.heard == std::vector<bool>{true, false, true, true, false});
    CHECK(pacer.flights.back() == Duration{40});
}

TEST_CASE("an adaptive pace holds an attempt for a token, and the log says so",
          "[engine][adaptive]") {
    FakeClock clock;
    AdaptivePace pace(nullptr);
    QuotaHolds holds(nullptr);
    Run first(clock, holds, {{status(200)}});
    first.pacer = with_adaptive_pace(nullptr, pace, "http://example.test:80");
    Engine engine(first.transport, clock, first.decider, {}, nullptr, nullptr, first.pacer.get());
    CHECK(run_holding_bodies(engine, first.request, first.observer).outcome == Outcome::success);
    CHECK(first.observer.waits.empty());

    // The first token went; at ten a second, the next comes 100 ms after it, less the answer's
    // growth of the rate.
    Run second(clock, holds, {{status(200)}});
    second.pacer = with_adaptive_pace(nullptr, pace, "http://example.test:80");
    Engine again(second.transport, clock, second.decider, {}, nullptr, nullptr, second.pacer.get());
    CHECK(run_holding_bodies(again, second.request, second.observer).outcome == Outcome::success);
    REQUIRE(second.observer.waits.size() == 1);
    CHECK(second.observer.waits[0].why == WaitReason::token);
    CHECK(second.observer.waits[0].waited > Duration{50});
    CHECK(second.observer.waits[0].waited <= Duration{100});
}
