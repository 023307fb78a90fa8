#pragma once

#include <optional>

#include "core/base/clock.h"

namespace rfetch {

/// The constants of the adaptive pace. β and C are CUBIC's (RFC 9438 §4.6, §5.1), as the AWS
/// SDKs' adaptive retry mode uses them for requests a second instead of a congestion window.
struct AdaptiveRatePolicy {
    /// The share of the rate kept after a throttle.
    double beta = 0.7;
    /// C, in requests a second per second cubed: how fast the rate grows back.
    double scale = 0.4;
    /// Before anything is learnt of an origin: the first rate, doubled every `doubling` while
    /// the answers keep coming unthrottled (TCP's slow start), since a server's limit may be
    /// anywhere from one request a second to thousands.
    double start_rate = 10.0;
    Duration doubling{250};
    /// The rate never falls below one request every two seconds (the AWS SDKs' floor) or rises
    /// above a million a second.
    double min_rate = 0.5;
    double max_rate = 1'000'000.0;
    /// The bucket holds at most this long's worth of tokens (at least one), so that a quiet
    /// spell lets through a small burst, not a whole second of requests at once.
    Duration burst{100};
    /// The rate measured from the answers: one reading every `measure_every`, smoothed by
    /// `smoothing` (the AWS SDKs' 0.8).
    Duration measure_every{100};
    double smoothing = 0.8;
    /// What no run has used for this long is forgotten: the server's limit may have changed.
    Duration forget_after = std::chrono::minutes(10);
};

enum class AdaptivePhase {
    /// Nothing learnt yet: the rate doubles until the first throttle.
    slow_start,
    /// After a throttle: the rate follows CUBIC's curve back towards, and past, the rate the
    /// throttle came at.
    cubic,
};

/// One origin's token bucket and what it learnt, shared by every run that paces that origin.
/// Rates are requests a second; times are the clock of whoever keeps the state.
struct AdaptiveRateState {
    AdaptivePhase phase = AdaptivePhase::slow_start;
    double rate = 0;
    /// Below zero while requests wait for tokens owed to them.
    double tokens = 0;
    /// When the tokens were last counted; none for a state nothing has used yet.
    std::optional<WallTime> refilled_at;
    /// The rate when the last throttle came (CUBIC's W_max), and when it came.
    double last_max_rate = 0;
    std::optional<WallTime> last_throttle_at;
    /// The smoothed rate of answers, and the reading under way: since when, how many.
    double measured_rate = 0;
    std::optional<WallTime> measuring_since;
    long long measured_answers = 0;
};

/// What a request asking for a token got.
struct TokenGrant {
    /// How long until the token is there, when one was taken; else how long until asking again.
    Duration wait{0};
    bool taken = false;
};

/// Before a request: takes the next token, when the bucket can spare one, and says how long
/// until it is there. A token not yet there is owed (the count goes below zero), up to as many
/// as the bucket holds, so that requests that wait go in turn rather than all wake for the same
/// token; past that, a request is told when to ask again.
TokenGrant take_token(AdaptiveRateState& state, WallTime now, const AdaptiveRatePolicy& policy);

/// After an answer to a request whose token was taken at `sent_at` (or that was sent then, when
/// it took none): `throttled` when it asked the client to slow down (429, 503 with Retry-After,
/// a spent rate-limit quota). Only one throttle a round trip lowers the rate: a request that got
/// its token before the last lowering was answered for by it, as TCP lowers its window once a
/// loss event, so that fifty answers to one burst do not cut the rate fifty times.
void record_answer(AdaptiveRateState& state, WallTime now, WallTime sent_at, bool throttled,
                   const AdaptiveRatePolicy& policy);

}  // namespace rfetch
