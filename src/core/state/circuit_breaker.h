#pragma once

#include <optional>

#include "core/base/clock.h"

namespace rfetch {

/// Opens after `failures` failed runs in a row against an origin, for `cooldown`.
struct CircuitBreakerPolicy {
    int failures = 5;
    Duration cooldown{30'000};
};

/// One origin's breaker. Times are wall-clock times, since the state outlives the process.
struct CircuitBreakerState {
    int consecutive_failures = 0;
    /// Set when the breaker opens; cleared only by a run that succeeds.
    std::optional<WallTime> open_until;
    /// While half-open: the lease of the run let through as the probe. A probe that never
    /// reports back (a killed process) loses its lease after one cooldown, and the next run
    /// becomes the probe, so a lost probe cannot keep the breaker shut for good.
    std::optional<WallTime> probe_until;
};

enum class CircuitPhase { closed, open, half_open };

CircuitPhase circuit_phase(const CircuitBreakerState& state, WallTime now);

struct Admission {
    bool allowed = true;
    /// When refused: how long until a run may go through as the probe.
    Duration wait{0};
};

/// Before a run: lets it through (as the one probe, when half-open), or refuses it.
Admission admit_run(CircuitBreakerState& state, const CircuitBreakerPolicy& policy, WallTime now);

/// After a run that was let through: a success closes the breaker, a failure counts and may
/// (re)open it for a cooldown from now.
void record_run(CircuitBreakerState& state, const CircuitBreakerPolicy& policy, bool succeeded,
                WallTime now);

}  // namespace rfetch
