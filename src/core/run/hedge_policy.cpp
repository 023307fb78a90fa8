#include "core/run/hedge_policy.h"

namespace rfetch {

std::optional<TimePoint> next_hedge_due(const HedgePolicy& policy, TimePoint attempt_start,
                                        int sent) {
    if (sent < 0 || sent >= policy.max || policy.after <= Duration{0}) {
        return std::nullopt;
    }
    // No overflow: max is at most kMostHedges, and the CLI bounds `after` to a day.
    return attempt_start + policy.after * (sent + 1);
}

RaceEnd judge_race_end(bool good, int others_running) {
    if (good) {
        return RaceEnd::wins;
    }
    return others_running > 0 ? RaceEnd::set_aside : RaceEnd::last;
}

}  // namespace rfetch
