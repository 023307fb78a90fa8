#include "core/state/circuit_breaker.h"

#include <limits>

namespace rfetch {
namespace {

// A clock set back, or a shorter --circuit-breaker COOLDOWN than the run that saved the state,
// must not leave a time further away than one cooldown.
void bound_to_cooldown(std::optional<WallTime>& until, const CircuitBreakerPolicy& policy,
                       WallTime now) {
    if (until && *until - now > policy.cooldown) {
        until = now + policy.cooldown;
    }
}

Duration until(WallTime then, WallTime now) {
    return std::chrono::ceil<Duration>(then - now);
}

}  // namespace

CircuitPhase circuit_phase(const CircuitBreakerState& state, WallTime now) {
    if (!state.open_until) {
        return CircuitPhase::closed;
    }
    return now < *state.open_until ? CircuitPhase::open : CircuitPhase::half_open;
}

Admission admit_run(CircuitBreakerState& state, const CircuitBreakerPolicy& policy, WallTime now) {
    bound_to_cooldown(state.open_until, policy, now);
    bound_to_cooldown(state.probe_until, policy, now);
    switch (circuit_phase(state, now)) {
        case CircuitPhase::closed:
            return {};
        case CircuitPhase::open:
            return {false, until(*state.open_until, now)};
        case CircuitPhase::half_open:
            break;
    }
    if (state.probe_until && now < *state.probe_until) {
        return {false, until(*state.probe_until, now)};
    }
    state.probe_until = now + policy.cooldown;
    return {};
}

void record_run(CircuitBreakerState& state, const CircuitBreakerPolicy& policy, bool succeeded,
                WallTime now) {
    if (succeeded) {
        state = {};
        return;
    }
    if (state.consecutive_failures < std::numeric_limits<int>::max()) {
        ++state.consecutive_failures;
    }
    if (state.consecutive_failures >= policy.failures) {
        state.open_until = now + policy.cooldown;
        state.probe_until.reset();
    }
}

}  // namespace rfetch
