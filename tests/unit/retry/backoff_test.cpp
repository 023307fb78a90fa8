#include "core/retry/backoff.h"

#include <catch2/catch.hpp>

#include "unit/fakes.h"

using rfetch::Backoff;
using rfetch::BackoffPolicy;
using rfetch::Duration;
using rfetch::JitterMode;
using rfetch::SeededRandom;
using rfetch::testing::FixedRandom;

namespace {

BackoffPolicy policy(JitterMode jitter) {
    return {Duration{100}, Duration{5000}, 2.0, jitter};
}

}  // namespace

TEST_CASE("the ceiling grows by the multiplier and stops at the cap", "[backoff]") {
    const BackoffPolicy p = policy(JitterMode::none);
    CHECK(rfetch::backoff_ceiling(p, 1) == Duration{100});
    CHECK(rfetch::backoff_ceiling(p, 2) == Duration{200});
    CHECK(rfetch::backoff_ceiling(p, 6) == Duration{3200});
    CHECK(rfetch::backoff_ceiling(p, 7) == Duration{5000});
    CHECK(rfetch::backoff_ceiling(p, 100000) == Duration{5000});
}

TEST_CASE("a multiplier of 1 gives a constant wait", "[backoff]") {
    BackoffPolicy p = policy(JitterMode::none);
    p.multiplier = 1.0;
    Backoff backoff(p);
    FixedRandom random(0.5);
    for (int retry = 1; retry <= 5; ++retry) {
        CHECK(backoff.next_wait(retry, random) == Duration{100});
    }
}

TEST_CASE("no jitter waits exactly the ceiling", "[backoff]") {
    Backoff backoff(policy(JitterMode::none));
    FixedRandom random(0.7);
    CHECK(backoff.next_wait(1, random) == Duration{100});
    CHECK(backoff.next_wait(2, random) == Duration{200});
    CHECK(backoff.next_wait(3, random) == Duration{400});
}

TEST_CASE("full jitter spans zero to the ceiling", "[backoff]") {
    FixedRandom low(0.0);
    FixedRandom high(0.9999999);
    CHECK(Backoff(policy(JitterMode::full)).next_wait(3, low) == Duration{0});
    CHECK(Backoff(policy(JitterMode::full)).next_wait(3, high) == Duration{400});
}

TEST_CASE("equal jitter keeps at least half the ceiling", "[backoff]") {
    FixedRandom low(0.0);
    FixedRandom high(0.9999999);
    CHECK(Backoff(policy(JitterMode::equal)).next_wait(3, low) == Duration{200});
    CHECK(Backoff(policy(JitterMode::equal)).next_wait(3, high) == Duration{400});
}

TEST_CASE("every jitter mode stays inside its bounds for any random stream", "[backoff]") {
    for (std::uint64_t seed = 0; seed < 200; ++seed) {
        SeededRandom random(seed);
        Backoff full(policy(JitterMode::full));
        Backoff equal(policy(JitterMode::equal));
        Backoff decorrelated(policy(JitterMode::decorrelated));
        Duration previous{100};
        for (int retry = 1; retry <= 12; ++retry) {
            const Duration ceiling = rfetch::backoff_ceiling(policy(JitterMode::full), retry);
            const Duration f = full.next_wait(retry, random);
            CHECK((f >= Duration{0} && f <= ceiling));
            const Duration e = equal.next_wait(retry, random);
            CHECK((e >= ceiling / 2 && e <= ceiling));
            const Duration d = decorrelated.next_wait(retry, random);
            CHECK((d >= Duration{100} && d <= std::min(Duration{5000}, previous * 3)));
            previous = d;
        }
    }
}

TEST_CASE("decorrelated jitter grows from the previous wait, not the retry number", "[backoff]") {
    Backoff backoff(policy(JitterMode::decorrelated));
    FixedRandom high(0.9999999);
    CHECK(backoff.next_wait(1, high) == Duration{300});
    CHECK(backoff.next_wait(2, high) == Duration{900});
    CHECK(backoff.next_wait(3, high) == Duration{2700});
    CHECK(backoff.next_wait(4, high) == Duration{5000});
    CHECK(backoff.next_wait(5, high) == Duration{5000});
}

TEST_CASE("the same seed gives the same waits", "[backoff]") {
    SeededRandom a(42);
    SeededRandom b(42);
    Backoff first(policy(JitterMode::full));
    Backoff second(policy(JitterMode::full));
    for (int retry = 1; retry <= 8; ++retry) {
        CHECK(first.next_wait(retry, a) == second.next_wait(retry, b));
    }
}

TEST_CASE("a huge multiplier saturates at the cap instead of overflowing", "[backoff]") {
    BackoffPolicy p = policy(JitterMode::none);
    p.multiplier = 1000;
    p.cap = rfetch::kMaxDuration;
    CHECK(rfetch::backoff_ceiling(p, 1000) == rfetch::kMaxDuration);
}

TEST_CASE("a zero delay stays zero whatever the multiplier and the retry", "[backoff]") {
    // pow(2, 1023) and beyond is infinite, and 0 × inf is a NaN that once turned into the cap.
    BackoffPolicy p = policy(JitterMode::none);
    p.base = Duration{0};
    for (const int retry : {1, 2, 103, 104, 1025, 10'000, 1'000'000}) {
        CHECK(rfetch::backoff_ceiling(p, retry) == Duration{0});
    }
    for (const JitterMode jitter :
         {JitterMode::none, JitterMode::full, JitterMode::equal, JitterMode::decorrelated}) {
        p.jitter = jitter;
        Backoff backoff(p);
        FixedRandom random(0.9999999);
        for (int retry = 1; retry <= 10'000; ++retry) {
            REQUIRE(backoff.next_wait(retry, random) == Duration{0});
        }
    }
}

TEST_CASE("the longest cap holds at the largest retry numbers", "[backoff]") {
    BackoffPolicy p = policy(JitterMode::equal);
    p.cap = rfetch::kMaxDuration;
    p.multiplier = 1000.0;
    FixedRandom random(0.0);
    Backoff backoff(p);
    CHECK(rfetch::backoff_ceiling(p, 10'000) == rfetch::kMaxDuration);
    CHECK(backoff.next_wait(10'000, random) == rfetch::kMaxDuration / 2);
    p.jitter = JitterMode::decorrelated;
    Backoff decorrelated(p);
    for (int retry = 1; retry <= 100; ++retry) {
        REQUIRE(decorrelated.next_wait(retry, random) <= rfetch::kMaxDuration);
    }
}

TEST_CASE("each stream of a seed is its own, and stream 0 is the seed's", "[random]") {
    CHECK(rfetch::seed_for_stream(42, 0) == 42);
    CHECK(rfetch::seed_for_stream(42, 1) == rfetch::seed_for_stream(42, 1));
    CHECK(rfetch::seed_for_stream(42, 1) != rfetch::seed_for_stream(42, 2));
    CHECK(rfetch::seed_for_stream(42, 1) != rfetch::seed_for_stream(43, 1));
}
