#include "core/state/adaptive_rate.h"

#include <algorithm>
#include <cmath>

namespace rfetch {
namespace {

double seconds(std::chrono::nanoseconds d) {
    return std::chrono::duration<double>(d).count();
}

double seconds_between(std::optional<WallTime> since, WallTime now) {
    return since && now > *since ? seconds(now - *since) : 0.0;
}

double capacity(double rate, const AdaptiveRatePolicy& policy) {
    return std::max(1.0, rate * seconds(policy.burst));
}

// Every rate the state keeps goes through here: a NaN or an infinity from the arithmetic
// becomes a bound, never a rate that compares false with everything.
void set_rate(AdaptiveRateState& state, double rate, const AdaptiveRatePolicy& policy) {
    if (std::isnan(rate)) {
        rate = policy.min_rate;
    }
    state.rate = std::clamp(rate, policy.min_rate, policy.max_rate);
    state.tokens = std::min(state.tokens, capacity(state.rate, policy));
}

// A state nothing has used yet, or none has used for a long time, starts afresh: one token,
// and the slow start's first rate. A state kept elsewhere is held to the policy's bounds.
void start_if_new(AdaptiveRateState& state, WallTime now, const AdaptiveRatePolicy& policy) {
    if (state.refilled_at && now - *state.refilled_at <= policy.forget_after) {
        set_rate(state, state.rate, policy);
        return;
    }
    state = AdaptiveRateState{};
    state.refilled_at = now;
    state.tokens = 1.0;
    set_rate(state, policy.start_rate, policy);
}

void refill(AdaptiveRateState& state, WallTime now, const AdaptiveRatePolicy& policy) {
    state.tokens = std::min(capacity(state.rate, policy),
                            state.tokens + seconds_between(state.refilled_at, now) * state.rate);
    state.refilled_at = std::max(*state.refilled_at, now);
}

// The AWS SDKs' measured rate: the answers counted over each reading, smoothed into the last.
void measure(AdaptiveRateState& state, WallTime now, const AdaptiveRatePolicy& policy) {
    if (!state.measuring_since || now < *state.measuring_since) {
        state.measuring_since = now;
        state.measured_answers = 0;
    }
    ++state.measured_answers;
    if (now - *state.measuring_since < policy.measure_every) {
        return;
    }
    const double current =
        static_cast<double>(state.measured_answers) / seconds(now - *state.measuring_since);
    state.measured_rate =
        policy.smoothing * current + (1.0 - policy.smoothing) * state.measured_rate;
    state.measuring_since = now;
    state.measured_answers = 0;
}

// CUBIC's window (RFC 9438 §4.2): W(t) = C (t − K)³ + W_max, with K = ∛(W_max (1 − β) / C), so
// that it starts at β W_max, flattens out at W_max and then probes past it.
double cubic_rate(const AdaptiveRateState& state, WallTime now, const AdaptiveRatePolicy& policy) {
    const double k = std::cbrt(state.last_max_rate * (1.0 - policy.beta) / policy.scale);
    const double t = seconds_between(state.last_throttle_at, now);
    return policy.scale * std::pow(t - k, 3) + state.last_max_rate;
}

void slow_down(AdaptiveRateState& state, WallTime now, const AdaptiveRatePolicy& policy) {
    // After a throttle in the CUBIC phase, the rate the requests really went at, when it is
    // lower than the bucket's, is the one the server refused (the AWS SDKs' rule). In the slow
    // start the measured rate lags behind the doubling, and the bucket's rate is the one.
    double throttled_at = state.rate;
    if (state.phase == AdaptivePhase::cubic && state.measured_rate > 0) {
        throttled_at = std::min(throttled_at, state.measured_rate);
    }
    state.phase = AdaptivePhase::cubic;
    state.last_max_rate = throttled_at;
    state.last_throttle_at = now;
    set_rate(state, policy.beta * throttled_at, policy);
}

void speed_up(AdaptiveRateState& state, WallTime now, const AdaptiveRatePolicy& policy) {
    const double grown = state.phase == AdaptivePhase::slow_start
                             // Each answer adds its share of a doubling: answers that come at the
                             // rate double it every `doubling`, fewer grow it less.
                             ? state.rate * std::exp2(1.0 / (state.rate * seconds(policy.doubling)))
                             : cubic_rate(state, now, policy);
    // A rate the runs do not use is not grown past twice what they use (the AWS SDKs' rule),
    // or a quiet client would build up a rate no server ever granted.
    double ceiling = state.rate;
    if (state.measured_rate > 0) {
        ceiling = std::max(ceiling, 2.0 * state.measured_rate);
    } else {
        ceiling = grown;
    }
    set_rate(state, std::max(state.rate, std::min(grown, ceiling)), policy);
}

// How long `tokens` take to come at `rate`, in whole milliseconds, at least one.
Duration wait_for(double tokens, double rate) {
    const double wait_ms = std::ceil(tokens / rate * 1000.0);
    return Duration{std::max<long long>(1, static_cast<long long>(wait_ms))};
}

}  // namespace

TokenGrant take_token(AdaptiveRateState& state, WallTime now, const AdaptiveRatePolicy& policy) {
    start_if_new(state, now, policy);
    refill(state, now, policy);
    const double most_owed = capacity(state.rate, policy);
    if (state.tokens - 1.0 < -most_owed) {
        // As many tokens are owed as the bucket holds: ask again once they are paid, so that
        // the requests that wait do not all wake for each token.
        return TokenGrant{wait_for(most_owed, state.rate), false};
    }
    state.tokens -= 1.0;
    if (state.tokens >= 0.0) {
        return TokenGrant{Duration{0}, true};
    }
    return TokenGrant{wait_for(-state.tokens, state.rate), true};
}

void record_answer(AdaptiveRateState& state, WallTime now, WallTime sent_at, bool throttled,
                   const AdaptiveRatePolicy& policy) {
    start_if_new(state, now, policy);
    measure(state, now, policy);
    if (!throttled) {
        speed_up(state, now, policy);
    } else if (!state.last_throttle_at || sent_at >= *state.last_throttle_at) {
        slow_down(state, now, policy);
    }
}

}  // namespace rfetch
