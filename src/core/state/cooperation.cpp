#include "core/state/cooperation.h"

#include <algorithm>
#include <cmath>

namespace rfetch {
namespace {

Duration until(WallTime then, WallTime now) {
    return std::max(Duration{0}, std::chrono::ceil<Duration>(then - now));
}

Passage waiting(Duration wait, WaitReason why, std::string prober = {}) {
    return Passage{false, false, std::max(wait, Duration{1}), why, std::move(prober)};
}

// A clock set back on one host, or state written by a run with a longer policy, must not leave
// a time further away than the policy allows: the run would wait for nothing.
void bound(std::optional<WallTime>& time, Duration longest, WallTime now) {
    if (time && *time - now > longest) {
        time = now + longest;
    }
}

// A ramp that starts "later" than now (another host's clock ahead) starts now. It lasts its
// length, and longer while places taken are still to come: a fleet too large to pass in that
// length still goes at the ramp's pace.
void end_ramp_when_over(CooperationState& state, const CooperationPolicy& policy, WallTime now) {
    bound(state.ramp_started, Duration{0}, now);
    const Duration length = std::max(policy.ramp_length, ramp_offset(state.ramp_taken, policy));
    if (state.phase == CooperationPhase::ramp &&
        (!state.ramp_started || now - *state.ramp_started >= length)) {
        state.phase = CooperationPhase::healthy;
        state.ramp_started.reset();
        state.ramp_taken = 0;
    }
}

// The shared backoff before the next probe: a random half to the whole of the envelope.
Duration probe_backoff(const CooperationPolicy& policy, int failed_probes, Random& random) {
    const int doublings = std::clamp(failed_probes - 1, 0, 30);
    const Duration ceiling =
        std::min(policy.probe_cap, saturating_scale(policy.probe_base, std::ldexp(1.0, doublings)));
    return uniform_between(random, ceiling / 2, ceiling);
}

}  // namespace

Duration ramp_offset(std::int64_t taken, const CooperationPolicy& policy) {
    const double first = std::max(policy.ramp_first, 1);
    const double most = std::max(policy.ramp_most, 1);
    const double place = static_cast<double>(std::max<std::int64_t>(taken, 0));
    // The pace at w windows in is first × ln 2 × 2^w a window; it reaches `most` at w_ceiling,
    // when first × (2^w_ceiling − 1) places have gone.
    const double w_ceiling = std::log2(most / (first * std::log(2.0)));
    double windows = place / most;
    if (w_ceiling > 0) {
        const double before_ceiling = first * (std::exp2(w_ceiling) - 1.0);
        windows = place <= before_ceiling ? std::log2(1.0 + place / first)
                                          : w_ceiling + (place - before_ceiling) / most;
    }
    return saturating_scale(policy.ramp_window, windows);
}

Passage pass(CooperationState& state, std::optional<RampPlace>& place,
             const CooperationPolicy& policy, const std::string& me, Duration lease, WallTime now) {
    bound(state.next_probe, policy.probe_cap, now);
    bound(state.probe_until, std::max(lease, policy.lease), now);
    end_ramp_when_over(state, policy, now);
    switch (state.phase) {
        case CooperationPhase::healthy:
            place.reset();
            return {};
        case CooperationPhase::ramp:
            if (!place || place->ramp_started != *state.ramp_started) {
                place = RampPlace{*state.ramp_started,
                                  *state.ramp_started + ramp_offset(state.ramp_taken, policy)};
                ++state.ramp_taken;
            }
            if (now >= place->go_at) {
                return {};
            }
            return waiting(until(place->go_at, now), WaitReason::ramp);
        case CooperationPhase::failing:
            break;
    }
    place.reset();
    if (state.probe_until && now < *state.probe_until && state.prober != me) {
        return waiting(std::min(policy.poll, until(*state.probe_until, now)),
                       WaitReason::probe_in_flight, state.prober);
    }
    if (state.next_probe && now < *state.next_probe) {
        return waiting(std::min(policy.poll, until(*state.next_probe, now)), WaitReason::backoff);
    }
    state.prober = me;
    state.probe_until = now + lease;
    return Passage{true, true, Duration{0}, WaitReason::backoff, me};
}

void report(CooperationState& state, const CooperationPolicy& policy, const std::string& me,
            OriginSign sign, Random& random, WallTime now) {
    const bool was_probe = state.probe_until.has_value() && state.prober == me;
    if (was_probe) {
        state.prober.clear();
        state.probe_until.reset();
    }
    if (sign == OriginSign::failed) {
        if (state.phase != CooperationPhase::failing) {
            // The first failure, or one during the ramp, which stops it.
            state.phase = CooperationPhase::failing;
            state.ramp_started.reset();
            state.ramp_taken = 0;
            state.failed_probes = 1;
            state.next_probe = now + probe_backoff(policy, 1, random);
        } else if (was_probe) {
            state.failed_probes = std::min(state.failed_probes + 1, 1'000'000);
            state.next_probe = now + probe_backoff(policy, state.failed_probes, random);
        }
        // Otherwise a run that went before the failing began has failed too: it says nothing
        // new, and must not push the next probe away.
        return;
    }
    if (sign == OriginSign::answered && state.phase == CooperationPhase::failing) {
        state = CooperationState{};
        state.phase = CooperationPhase::ramp;
        state.ramp_started = now;
    }
}

std::string_view to_string(CooperationPhase phase) {
    switch (phase) {
        case CooperationPhase::healthy:
            return "healthy";
        case CooperationPhase::failing:
            return "failing";
        case CooperationPhase::ramp:
            return "ramp";
    }
    return "healthy";
}

std::string_view to_string(WaitReason reason) {
    switch (reason) {
        case WaitReason::probe_in_flight:
            return "probe_in_flight";
        case WaitReason::backoff:
            return "backoff";
        case WaitReason::ramp:
            return "ramp";
        case WaitReason::quota:
            return "quota";
        case WaitReason::pace:
            return "pace";
        case WaitReason::token:
            return "token";
        case WaitReason::redirect:
            return "redirect";
    }
    return "backoff";
}

}  // namespace rfetch
