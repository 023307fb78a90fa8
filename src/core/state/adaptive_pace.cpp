#include "core/state/adaptive_pace.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace rfetch {

namespace {

// The same state by another clock, `offset` ahead of the one it was kept by.
AdaptiveRateState shifted(AdaptiveRateState state, std::chrono::nanoseconds offset) {
    for (std::optional<WallTime>* time :
         {&state.refilled_at, &state.last_throttle_at, &state.measuring_since}) {
        if (*time) {
            **time += std::chrono::duration_cast<WallTime::duration>(offset);
        }
    }
    return state;
}

// A throttle that another invocation heard after the last one this one heard: its rate wins.
void adopt_later_throttle(AdaptiveRateState& mine, const AdaptiveRateState& stored) {
    if (!stored.last_throttle_at ||
        (mine.last_throttle_at && *stored.last_throttle_at <= *mine.last_throttle_at)) {
        return;
    }
    mine.phase = stored.phase;
    mine.rate = stored.rate;
    mine.tokens = std::min(mine.tokens, stored.tokens);
    mine.last_max_rate = stored.last_max_rate;
    mine.last_throttle_at = stored.last_throttle_at;
}

}  // namespace

AdaptivePace::~AdaptivePace() {
    for (auto& [origin, bucket] : buckets_) {
        share(origin, bucket, bucket.last_used);
    }
}

void AdaptivePace::share(const std::string& origin, Bucket& bucket, WallTime now) {
    if (store_ != nullptr) {
        const bool first = !bucket.shared_at;
        AdaptiveRateState shared = bucket.state;
        store_->update(origin, [&](OriginState& stored, WallTime store_now) {
            // Times in the store are by the store's clock, whatever this host's says.
            const auto offset = store_now - now;
            AdaptiveRateState merged = bucket.state;
            if (stored.adaptive_rate) {
                const AdaptiveRateState theirs = shifted(*stored.adaptive_rate, -offset);
                if (first) {
                    merged = theirs;
                } else {
                    adopt_later_throttle(merged, theirs);
                }
            }
            stored.adaptive_rate = shifted(merged, offset);
            shared = merged;
        });
        bucket.state = shared;
    }
    bucket.shared_at = now;
}

AdaptivePace::Bucket& AdaptivePace::bucket(const std::string& origin, WallTime now) {
    Bucket& found = buckets_[origin];
    if (!found.shared_at) {
        share(origin, found, now);
    }
    found.last_used = now;
    return found;
}

TokenGrant AdaptivePace::take_token(const std::string& origin, WallTime now) {
    Bucket& found = bucket(origin, now);
    const TokenGrant grant = rfetch::take_token(found.state, now, policy_);
    // The first token is shared at once, so that a run started just after this one finds it
    // gone.
    if (!std::exchange(found.took_one, true) || now - *found.shared_at >= sync_every_) {
        share(origin, found, now);
    }
    return grant;
}

void AdaptivePace::record_answer(const std::string& origin, WallTime now, Duration since_token,
                                 bool throttled) {
    Bucket& found = bucket(origin, now);
    rfetch::record_answer(found.state, now, now - since_token, throttled, policy_);
    if (now - *found.shared_at >= sync_every_) {
        share(origin, found, now);
    }
}

namespace {

class AdaptiveAttempts final : public LayeredPacer {
  public:
    AdaptiveAttempts(std::unique_ptr<AttemptPacer> inner, AdaptivePace& pace, std::string origin)
        : LayeredPacer(std::move(inner)), pace_(pace), origin_(std::move(origin)) {}

    PacerHold wait_before_attempt(TimePoint now, WallTime wall_now) override {
        if (PacerHold held = inner_hold(now, wall_now); held.wait > Duration{0}) {
            return held;
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
    void answered(WallTime now, Duration in_flight, bool throttled) override {
        LayeredPacer::answered(now, in_flight, throttled);
        // A throttle counts from when the attempt got its token: one owed a token before the
        // last lowering of the rate was sent at the old rate, and was answered for by it.
        const Duration since_token =
            token_taken_ ? std::chrono::ceil<Duration>(now - *token_taken_) : in_flight;
        pace_.record_answer(origin_, now, std::max(since_token, in_flight), throttled);
    }

  private:
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
