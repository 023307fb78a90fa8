#pragma once

#include <memory>
#include <optional>

#include "core/base/clock.h"
#include "core/state/attempt_pacer.h"

namespace rfetch {

/// A steady pace of requests for a whole invocation: at most one attempt starts in each
/// interval, whichever URL, transfer or retry it belongs to, so that `-Z` keeps the pace too.
class FixedPace {
  public:
    /// One attempt per `interval`, which is at least 1 ms.
    explicit FixedPace(Duration interval) : interval_(interval) {}

    /// Before an attempt: zero when it may start now, and takes the slot; otherwise how long
    /// until the next free slot, which the caller asks for again when it comes, since another
    /// attempt may take it first.
    Duration take_slot(TimePoint now);

  private:
    Duration interval_;
    std::optional<TimePoint> next_free_;
};

/// `inner` first (a spent quota), then the pace: a slot is taken only by an attempt that
/// nothing else holds back. `inner` may be null.
std::unique_ptr<AttemptPacer> with_fixed_pace(std::unique_ptr<AttemptPacer> inner, FixedPace& pace);

}  // namespace rfetch
