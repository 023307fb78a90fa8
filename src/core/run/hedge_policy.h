#pragma once

#include <cstdint>
#include <optional>

#include "core/base/clock.h"
#include "core/base/duration.h"

namespace rfetch {

/// The most hedges one attempt may send: each is a whole extra request to the origin.
inline constexpr int kMostHedges = 5;

/// Hedged requests: when an attempt has not answered within `after`, another request like it
/// goes out beside it, up to `max` of them, each `after` later than the one before.
struct HedgePolicy {
    Duration after{0};
    int max = 1;
    /// The most of a body a request holds while the race is undecided (--buffer): past it, the
    /// request streams and the others are cancelled, so a race never holds more than this each.
    std::uint64_t most_held = std::uint64_t{8} * 1024 * 1024;
};

/// When the next hedge of an attempt that started at `attempt_start` is due, `sent` hedges
/// having gone already; nullopt once the policy allows no more.
std::optional<TimePoint> next_hedge_due(const HedgePolicy& policy, TimePoint attempt_start,
                                        int sent);

/// What one request's end means for the attempt it raced in.
enum class RaceEnd {
    /// A complete answer that ends the run: it wins, and the requests still running are
    /// cancelled.
    wins,
    /// A failure, or an answer that would be retried, while another request still runs: it
    /// is set aside, and the others go on.
    set_aside,
    /// The last request running ended without a winning answer: its result is the attempt's.
    last,
};

/// `good` says whether the result is a complete answer that would end the run;
/// `others_running` how many requests of the attempt are still under way.
RaceEnd judge_race_end(bool good, int others_running);

}  // namespace rfetch
