#include "core/state/adaptive_pace.h"

#include <algorithm>
#include <optional>

namespace rfetch {

void AdaptivePace::change(const std::string& origin, WallTime now, const Change& change) {
    if (store_ != nullptr) {
        store_->update(origin, [&change](OriginState& state, WallTime store_now) {
            if (!state.adaptive_rate) {
                state.adaptive_rate.emplace();
            }
            change(*state.adaptive_rate, store_now);
        });
        if (store_->last_update_shared()) {
            return;
        }
        // The store applied the change to empty state and threw it away: a bucket that starts
        // full at every request paces nothing, so this run keeps one of its own.
    }
    change(own_[origin], now);
}

TokenGrant AdaptivePace::take_token(const std::string& origin, WallTime now) {
    TokenGrant grant;
    change(origin, now, [this, &grant](AdaptiveRateState& state, WallTime at) {
        grant = rfetch::take_token(state, at, policy_);
    });
    return grant;
}

void AdaptivePace::record_answer(const std::string& origin, WallTime now, Duration since_token,
                                 bool throttled) {
    change(origin, now, [this, since_token, throttled](AdaptiveRateState& state, WallTime at) {
        // When the token was taken, by the clock that keeps the state, whatever this host's says.
        rfetch::record_answer(state, at, at - since_token, throttled, policy_);
    });
}

namespace {

class AdaptiveAttempts final : public AttemptPacer {
  public:
    AdaptiveAttempts(std::unique_ptr<AttemptPacer> inner, AdaptivePace& pace, std::string origin)
        : inner_(std::move(inner)), pace_(pace), origin_(std::move(origin)) {}

    PacerHold wait_before_attempt(TimePoint now, WallTime wall_now) override {
        if (inner_) {
            if (PacerHold held = inner_->wait_before_attempt(now, wall_now);
                held.wait > Duration{0}) {
                return held;
            }
        }
        // A token taken is this run's: once it is there, the attempt goes without asking the
        // bucket again.
        if (!token_at_) {
            const TokenGrant grant = pace_.take_token(origin_, wall_now);
            if (!grant.taken) {
                return PacerHold{grant.wait, WaitReason::token};
            }
            token_at_ = now + grant.wait;
            token_taken_ = wall_now;
        }
        if (now >= *token_at_) {
            token_at_.reset();
            return PacerHold{Duration{0}, WaitReason::token};
        }
        return PacerHold{std::chrono::ceil<Duration>(*token_at_ - now), WaitReason::token};
    }
    void quota_spent(WallTime now, Duration reset) override {
        if (inner_) {
            inner_->quota_spent(now, reset);
        }
    }
    void answered(WallTime now, Duration in_flight, bool throttled) override {
        if (inner_) {
            inner_->answered(now, in_flight, throttled);
        }
        // A throttle counts from when the attempt got its token: one owed a token before the
        // last lowering of the rate was sent at the old rate, and was answered for by it.
        const Duration since_token =
            token_taken_ ? std::chrono::ceil<Duration>(now - *token_taken_) : in_flight;
        pace_.record_answer(origin_, now, std::max(since_token, in_flight), throttled);
    }

  private:
    std::unique_ptr<AttemptPacer> inner_;
    AdaptivePace& pace_;
    std::string origin_;
    /// When the token this run took is there, and when it took it.
    std::optional<TimePoint> token_at_;
    std::optional<WallTime> token_taken_;
};

}  // namespace

std::unique_ptr<AttemptPacer> with_adaptive_pace(std::unique_ptr<AttemptPacer> inner,
                                                 AdaptivePace& pace, std::string origin) {
    return std::make_unique<AdaptiveAttempts>(std::move(inner), pace, std::move(origin));
}

}  // namespace rfetch
