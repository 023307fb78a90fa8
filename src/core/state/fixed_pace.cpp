#include "core/state/fixed_pace.h"

#include <algorithm>

namespace rfetch {

Duration FixedPace::take_slot(TimePoint now) {
    if (next_free_ && now < *next_free_) {
        return std::chrono::ceil<Duration>(*next_free_ - now);
    }
    // Slots are not saved up: after a quiet spell the pace starts again from now, rather than
    // letting a burst through to catch up.
    next_free_ = now + interval_;
    return Duration{0};
}

namespace {

class PacedAttempts final : public LayeredPacer {
  public:
    PacedAttempts(std::unique_ptr<AttemptPacer> inner, FixedPace& pace)
        : LayeredPacer(std::move(inner)), pace_(pace) {}

    PacerHold wait_before_attempt(TimePoint now, WallTime wall_now) override {
        if (PacerHold held = inner_hold(now, wall_now); held.wait > Duration{0}) {
            return held;
        }
        return PacerHold{pace_.take_slot(now), WaitReason::pace};
    }

  private:
    FixedPace& pace_;
};

}  // namespace

std::unique_ptr<AttemptPacer> with_fixed_pace(std::unique_ptr<AttemptPacer> inner,
                                              FixedPace& pace) {
    return std::make_unique<PacedAttempts>(std::move(inner), pace);
}

}  // namespace rfetch
