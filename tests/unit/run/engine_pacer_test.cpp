// The engine with a pacer: a spent quota that one run learns holds the next run of the origin.

#include <catch2/catch.hpp>

#include "core/run/engine.h"
#include "core/state/quota_holds.h"
#include "unit/fakes.h"

using namespace rfetch;
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
