#include "core/state/adaptive_pace.h"

#include <catch2/catch.hpp>

#include "core/state/quota_holds.h"
#include "unit/fakes.h"

using namespace rfetch;
using rfetch::testing::FakeClock;
using rfetch::testing::MemoryStateStore;

namespace {

const std::string kOrigin = "http://api.test:80";
const WallTime kNow{std::chrono::seconds(1'700'000'000)};

// A store that can never share: every change goes to empty state, thrown away.
class BrokenStore final : public StateStore {
  public:
    void update(const std::string& /*origin*/, const Change& change) override {
        OriginState empty;
        change(empty, kNow);
    }
    bool last_update_shared() const override { return false; }
    std::map<std::string, OriginState> list() override { return {}; }
    bool reset(const std::optional<std::string>& /*origin*/) override { return false; }
};

}  // namespace

TEST_CASE("invocations that share a store share each origin's tokens", "[adaptive]") {
    MemoryStateStore store;
    FakeClock clock;
    store.clock = &clock;
    AdaptivePace first(&store);
    AdaptivePace second(&store);
    CHECK(first.take_token(kOrigin, clock.wall_now()).wait == Duration{0});
    CHECK(second.take_token(kOrigin, clock.wall_now()).wait == Duration{100});
    CHECK(second.take_token("http://other.test:80", clock.wall_now()).wait == Duration{0});
    REQUIRE(store.origins.at(kOrigin).adaptive_rate);
    CHECK(store.origins.at(kOrigin).adaptive_rate->rate == Approx(10.0));
}

TEST_CASE("a throttle one invocation hears slows the others at their next sharing", "[adaptive]") {
    MemoryStateStore store;
    FakeClock clock;
    store.clock = &clock;
    AdaptivePace first(&store);
    AdaptivePace second(&store);
    CHECK(first.take_token(kOrigin, clock.wall_now()).taken);
    CHECK(second.take_token(kOrigin, clock.wall_now()).taken);
    clock.advance(Duration{20});
    first.record_answer(kOrigin, clock.wall_now(), Duration{20}, true);
    clock.advance(Duration{300});
    first.record_answer(kOrigin, clock.wall_now(), Duration{10}, false);
    const AdaptiveRateState stored = *store.origins.at(kOrigin).adaptive_rate;
    CHECK(stored.phase == AdaptivePhase::cubic);
    CHECK(stored.last_max_rate == Approx(10.0));
    // The second heard no throttle itself; at its next sharing it takes the first's.
    second.record_answer(kOrigin, clock.wall_now(), Duration{10}, false);
    CHECK(store.origins.at(kOrigin).adaptive_rate->phase == AdaptivePhase::cubic);
    CHECK(store.origins.at(kOrigin).adaptive_rate->last_throttle_at == stored.last_throttle_at);
    CHECK(store.origins.at(kOrigin).adaptive_rate->rate < 10.0);
}

TEST_CASE("a bucket is shared at its first token, every 250 ms, and at the end", "[adaptive]") {
    MemoryStateStore store;
    FakeClock clock;
    store.clock = &clock;
    {
        AdaptivePace pace(&store);
        pace.take_token(kOrigin, clock.wall_now());
        CHECK(store.updates == 2);  // read, then the first token
        for (int i = 0; i < 10; ++i) {
            clock.advance(Duration{20});
            pace.take_token(kOrigin, clock.wall_now());
            pace.record_answer(kOrigin, clock.wall_now(), Duration{1}, false);
        }
        CHECK(store.updates == 2);
        clock.advance(Duration{100});
        pace.take_token(kOrigin, clock.wall_now());
        CHECK(store.updates == 3);
    }
    CHECK(store.updates == 4);
    CHECK(store.origins.at(kOrigin).adaptive_rate->rate > 10.0);
}

TEST_CASE("a store with another clock keeps the bucket's times by its own", "[adaptive]") {
    MemoryStateStore store;
    FakeClock store_clock;
    store_clock.advance(std::chrono::hours(1));
    store.clock = &store_clock;
    FakeClock clock;
    AdaptivePace pace(&store);
    CHECK(pace.take_token(kOrigin, clock.wall_now()).wait == Duration{0});
    CHECK(store.origins.at(kOrigin).adaptive_rate->refilled_at == store_clock.wall_now());
    // A run on this host reads it back by its own clock: the token is gone.
    AdaptivePace later(&store);
    CHECK(later.take_token(kOrigin, clock.wall_now()).wait == Duration{100});
}

TEST_CASE("a store that cannot share leaves each invocation a bucket of its own", "[adaptive]") {
    BrokenStore store;
    AdaptivePace pace(&store);
    CHECK(pace.take_token(kOrigin, kNow).wait == Duration{0});
    CHECK(pace.take_token(kOrigin, kNow).wait == Duration{100});
}

TEST_CASE("a spent quota holds an attempt before the adaptive pace takes a token", "[adaptive]") {
    QuotaHolds holds(nullptr);
    AdaptivePace pace(nullptr);
    const auto pacer = with_adaptive_pace(holds.pacer_for(kOrigin), pace, kOrigin);
    pacer->quota_spent(kNow, Duration{500});
    const PacerHold held = pacer->wait_before_attempt(TimePoint{}, kNow);
    CHECK(held.wait == Duration{500});
    CHECK(held.why == WaitReason::quota);
    const auto later = kNow + Duration{500};
    CHECK(pacer->wait_before_attempt(TimePoint{}, later).wait == Duration{0});
    const PacerHold paced = pacer->wait_before_attempt(TimePoint{}, later);
    CHECK(paced.wait == Duration{100});
    CHECK(paced.why == WaitReason::token);
}
