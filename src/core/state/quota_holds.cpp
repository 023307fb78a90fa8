#include "core/state/quota_holds.h"

#include <algorithm>

namespace rfetch {
namespace {

class OriginPacer final : public AttemptPacer {
  public:
    OriginPacer(QuotaHolds& holds, std::string origin)
        : holds_(holds), origin_(std::move(origin)) {}

    PacerHold wait_before_attempt(TimePoint /*now*/, WallTime wall_now) override {
        return PacerHold{holds_.wait(origin_, wall_now), WaitReason::quota};
    }
    void quota_spent(WallTime now, Duration reset) override { holds_.hold(origin_, now, reset); }

  private:
    QuotaHolds& holds_;
    std::string origin_;
};

}  // namespace

Duration QuotaHolds::wait(const std::string& origin, WallTime now) {
    // Not a structured binding: a lambda may not capture one before clang 16.
    const auto emplaced = until_.try_emplace(origin);
    WallTime& until = emplaced.first->second;
    if (emplaced.second && store_ != nullptr) {
        // What earlier runs learnt is read once, at the origin's first request; later holds of
        // this invocation are kept here too. The store has no lone read: an update that
        // changes nothing writes back what it read. The stored time is by the store's clock,
        // which every run sharing it reads: what is left of the hold is measured there and
        // carried over to this host's clock.
        store_->update(origin, [this, &until, now](const OriginState& state, WallTime store_now) {
            if (state.quota_reset_at && *state.quota_reset_at > store_now) {
                until = now + std::min(longest_, std::chrono::ceil<Duration>(*state.quota_reset_at -
                                                                             store_now));
            }
        });
    }
    if (until <= now) {
        return Duration{0};
    }
    return std::chrono::ceil<Duration>(until - now);
}

void QuotaHolds::hold(const std::string& origin, WallTime now, Duration reset) {
    auto& known = until_[origin];
    known = std::max(known, now + reset);
    if (store_ != nullptr) {
        store_->update(origin, [reset](OriginState& state, WallTime store_now) {
            const WallTime until = store_now + reset;
            state.quota_reset_at = std::max(state.quota_reset_at.value_or(until), until);
        });
    }
}

std::unique_ptr<AttemptPacer> QuotaHolds::pacer_for(std::string origin) {
    return std::make_unique<OriginPacer>(*this, std::move(origin));
}

}  // namespace rfetch
