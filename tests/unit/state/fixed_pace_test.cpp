#include "core/state/fixed_pace.h"

#include <catch2/catch.hpp>

#include "core/state/quota_holds.h"

using namespace rfetch;

namespace {

const TimePoint kStart{std::chrono::hours(1)};

}  // namespace

TEST_CASE("a fixed pace lets one attempt start per interval", "[pace]") {
    FixedPace pace(Duration{200});
    CHECK(pace.take_slot(kStart) == Duration{0});
    CHECK(pace.take_slot(kStart) == Duration{200});
    CHECK(pace.take_slot(kStart + Duration{150}) == Duration{50});
    CHECK(pace.take_slot(kStart + Duration{200}) == Duration{0});
    CHECK(pace.take_slot(kStart + Duration{200}) == Duration{200});
}

TEST_CASE("a slot not taken is not saved up for a burst", "[pace]") {
    FixedPace pace(Duration{100});
    CHECK(pace.take_slot(kStart) == Duration{0});
    CHECK(pace.take_slot(kStart + Duration{1000}) == Duration{0});
    CHECK(pace.take_slot(kStart + Duration{1000}) == Duration{100});
}

TEST_CASE("a thousand attempts at a pace of 100 a second take ten seconds", "[pace]") {
    FixedPace pace(Duration{10});
    TimePoint now = kStart;
    int started = 0;
    while (started < 1000) {
        const Duration wait = pace.take_slot(now);
        if (wait == Duration{0}) {
            ++started;
        } else {
            now += wait;
        }
    }
    CHECK(now - kStart == Duration{9990});
}

TEST_CASE("a spent quota holds an attempt before the pace, and takes no slot", "[pace]") {
    FixedPace pace(Duration{100});
    QuotaHolds holds(nullptr);
    const auto pacer = with_fixed_pace(holds.pacer_for("http://a:80"), pace);
    const WallTime wall{std::chrono::seconds(1'700'000'000)};
    pacer->quota_spent(wall, Duration{500});
    const PacerHold held = pacer->wait_before_attempt(kStart, wall);
    CHECK(held.wait == Duration{500});
    CHECK(held.why == WaitReason::quota);
    // The slot is still free once the quota is back.
    const auto later = Duration{500};
    CHECK(pacer->wait_before_attempt(kStart + later, wall + later).wait == Duration{0});
    const PacerHold paced = pacer->wait_before_attempt(kStart + later, wall + later);
    CHECK(paced.wait == Duration{100});
    CHECK(paced.why == WaitReason::pace);
    // Without a quota pacer, the pace alone.
    const auto alone = with_fixed_pace(nullptr, pace);
    CHECK(alone->wait_before_attempt(kStart + later, wall).wait == Duration{100});
}
