#include "core/state/circuit_breaker.h"

#include <catch2/catch.hpp>

using namespace rfetch;

namespace {

const CircuitBreakerPolicy kThreeAndThirty{3, Duration{30'000}};
const WallTime kStart{std::chrono::seconds(1'700'000'000)};

void fail_runs(CircuitBreakerState& state, int runs, WallTime now) {
    for (int i = 0; i < runs; ++i) {
        REQUIRE(admit_run(state, kThreeAndThirty, now).allowed);
        record_run(state, kThreeAndThirty, false, now);
    }
}

}  // namespace

TEST_CASE("the breaker stays closed below N failed runs in a row", "[breaker]") {
    CircuitBreakerState state;
    fail_runs(state, 2, kStart);
    CHECK(circuit_phase(state, kStart) == CircuitPhase::closed);
    record_run(state, kThreeAndThirty, true, kStart);
    fail_runs(state, 2, kStart);  // the success started the count again
    CHECK(circuit_phase(state, kStart) == CircuitPhase::closed);
    CHECK(state.consecutive_failures == 2);
}

TEST_CASE("N failed runs open the breaker for the cooldown, and it says how long is left",
          "[breaker]") {
    CircuitBreakerState state;
    fail_runs(state, 3, kStart);
    CHECK(circuit_phase(state, kStart) == CircuitPhase::open);

    const Admission refused = admit_run(state, kThreeAndThirty, kStart + Duration{10'000});
    CHECK_FALSE(refused.allowed);
    CHECK(refused.wait == Duration{20'000});
    CHECK(admit_run(state, kThreeAndThirty, kStart + Duration{29'999}).wait == Duration{1});
}

TEST_CASE("after the cooldown one probe goes through and the others still fail fast", "[breaker]") {
    CircuitBreakerState state;
    fail_runs(state, 3, kStart);
    const WallTime later = kStart + Duration{30'000};
    CHECK(circuit_phase(state, later) == CircuitPhase::half_open);

    CHECK(admit_run(state, kThreeAndThirty, later).allowed);
    const Admission second = admit_run(state, kThreeAndThirty, later + Duration{5});
    CHECK_FALSE(second.allowed);
    CHECK(second.wait == Duration{29'995});  // until the probe's lease runs out
}

TEST_CASE("a successful probe closes the breaker", "[breaker]") {
    CircuitBreakerState state;
    fail_runs(state, 3, kStart);
    const WallTime later = kStart + Duration{31'000};
    REQUIRE(admit_run(state, kThreeAndThirty, later).allowed);
    record_run(state, kThreeAndThirty, true, later);
    CHECK(circuit_phase(state, later) == CircuitPhase::closed);
    CHECK(state.consecutive_failures == 0);
    CHECK(admit_run(state, kThreeAndThirty, later).allowed);
    CHECK(admit_run(state, kThreeAndThirty, later).allowed);
}

TEST_CASE("a failed probe reopens the breaker for a whole cooldown", "[breaker]") {
    CircuitBreakerState state;
    fail_runs(state, 3, kStart);
    const WallTime later = kStart + Duration{40'000};
    REQUIRE(admit_run(state, kThreeAndThirty, later).allowed);
    record_run(state, kThreeAndThirty, false, later + Duration{1'000});
    CHECK(circuit_phase(state, later + Duration{1'000}) == CircuitPhase::open);
    const Admission refused = admit_run(state, kThreeAndThirty, later + Duration{1'000});
    CHECK_FALSE(refused.allowed);
    CHECK(refused.wait == Duration{30'000});
}

TEST_CASE("a probe that never reports back loses its lease after one cooldown", "[breaker]") {
    CircuitBreakerState state;
    fail_runs(state, 3, kStart);
    const WallTime probe_start = kStart + Duration{30'000};
    REQUIRE(admit_run(state, kThreeAndThirty, probe_start).allowed);
    // The probe's process is killed: nothing is recorded.
    CHECK_FALSE(admit_run(state, kThreeAndThirty, probe_start + Duration{29'999}).allowed);
    CHECK(admit_run(state, kThreeAndThirty, probe_start + Duration{30'000}).allowed);
    CHECK_FALSE(admit_run(state, kThreeAndThirty, probe_start + Duration{30'001}).allowed);
}

TEST_CASE("a clock set back cannot hold the breaker open for longer than a cooldown", "[breaker]") {
    CircuitBreakerState state;
    fail_runs(state, 3, kStart);
    const WallTime set_back = kStart - std::chrono::hours(24 * 365);
    const Admission refused = admit_run(state, kThreeAndThirty, set_back);
    CHECK_FALSE(refused.allowed);
    CHECK(refused.wait == Duration{30'000});
    CHECK(admit_run(state, kThreeAndThirty, set_back + Duration{30'000}).allowed);
}

TEST_CASE("a run let through before the breaker opened still counts when it ends", "[breaker]") {
    CircuitBreakerState state;
    fail_runs(state, 3, kStart);
    // A slow run admitted while closed succeeds: the origin answers again, so close.
    record_run(state, kThreeAndThirty, true, kStart + Duration{1'000});
    CHECK(circuit_phase(state, kStart + Duration{1'000}) == CircuitPhase::closed);
}
