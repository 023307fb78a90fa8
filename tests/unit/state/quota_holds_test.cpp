#include "core/state/quota_holds.h"

#include <catch2/catch.hpp>

#include "unit/fakes.h"

using namespace rfetch;
using rfetch::testing::MemoryStateStore;

namespace {

const WallTime kNow{std::chrono::seconds(1'700'000'000)};
const std::string kOrigin = "https://api.example:443";

}  // namespace

TEST_CASE("a spent quota holds the next request to its origin until the reset", "[quota]") {
    QuotaHolds holds(nullptr);
    const auto pacer = holds.pacer_for(kOrigin);
    CHECK(pacer->wait_before_attempt(TimePoint{}, kNow).wait == Duration{0});
    pacer->quota_spent(kNow, Duration{5000});
    const PacerHold held = pacer->wait_before_attempt(TimePoint{}, kNow);
    CHECK(held.wait == Duration{5000});
    CHECK(held.why == WaitReason::quota);
    CHECK(pacer->wait_before_attempt(TimePoint{}, kNow + std::chrono::seconds(4)).wait ==
          Duration{1000});
    CHECK(pacer->wait_before_attempt(TimePoint{}, kNow + std::chrono::seconds(5)).wait ==
          Duration{0});
}

TEST_CASE("the runs of one origin share its hold, other origins do not", "[quota]") {
    QuotaHolds holds(nullptr);
    const auto first = holds.pacer_for(kOrigin);
    const auto second = holds.pacer_for(kOrigin);
    const auto other = holds.pacer_for("https://other.example:443");
    first->quota_spent(kNow, Duration{3000});
    CHECK(second->wait_before_attempt(TimePoint{}, kNow).wait == Duration{3000});
    CHECK(other->wait_before_attempt(TimePoint{}, kNow).wait == Duration{0});
}

TEST_CASE("a shorter hold never shortens a longer one", "[quota]") {
    QuotaHolds holds(nullptr);
    const auto pacer = holds.pacer_for(kOrigin);
    pacer->quota_spent(kNow, Duration{9000});
    pacer->quota_spent(kNow, Duration{1000});
    CHECK(pacer->wait_before_attempt(TimePoint{}, kNow).wait == Duration{9000});
}

TEST_CASE("a hold outlives the invocation through the store, by the store's clock", "[quota]") {
    MemoryStateStore store;
    // The store's clock runs an hour ahead of this host's: only what is left of a hold counts.
    rfetch::testing::FakeClock store_clock;
    store_clock.advance(Duration{3'600'000});
    store.clock = &store_clock;
    {
        QuotaHolds earlier(&store);
        earlier.pacer_for(kOrigin)->quota_spent(kNow, Duration{20'000});
    }
    REQUIRE(store.origins.at(kOrigin).quota_reset_at ==
            store_clock.wall_now() + std::chrono::seconds(20));

    store_clock.advance(Duration{5000});
    QuotaHolds later(&store);
    const auto pacer = later.pacer_for(kOrigin);
    CHECK(pacer->wait_before_attempt(TimePoint{}, kNow + std::chrono::seconds(5)).wait ==
          Duration{15'000});
    // The store is read once per origin, not before every attempt.
    const int updates = store.updates;
    CHECK(pacer->wait_before_attempt(TimePoint{}, kNow + std::chrono::seconds(6)).wait ==
          Duration{14'000});
    CHECK(store.updates == updates);
}

TEST_CASE("a hold read from the store is cut to the longest wait allowed", "[quota]") {
    MemoryStateStore store;
    {
        QuotaHolds earlier(&store);
        earlier.pacer_for(kOrigin)->quota_spent(kNow, Duration{86'400'000});
    }
    QuotaHolds later(&store, Duration{120'000});
    CHECK(later.pacer_for(kOrigin)->wait_before_attempt(TimePoint{}, kNow).wait ==
          Duration{120'000});
}
