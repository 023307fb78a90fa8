#pragma once

#include <map>
#include <memory>
#include <string>

#include "core/state/adaptive_rate.h"
#include "core/state/attempt_pacer.h"
#include "core/state/state_store.h"

namespace rfetch {

/// The adaptive pace of every origin, for every run of one invocation and, through a state
/// store when one is kept, for the runs of other invocations: each origin's token bucket fills at
/// a rate that drops when the origin throttles and grows back CUBIC-style.
class AdaptivePace {
  public:
    /// `store` may be null, or fail: the buckets then last as long as this object.
    explicit AdaptivePace(StateStore* store, AdaptiveRatePolicy policy = {})
        : store_(store), policy_(policy) {}

    /// Before a request to `origin`: a token, when the bucket spares one, and the wait for it.
    TokenGrant take_token(const std::string& origin, WallTime now);
    /// After an answer from `origin` to a request whose token was taken `since_token` before
    /// `now`.
    void record_answer(const std::string& origin, WallTime now, Duration since_token,
                       bool throttled);

  private:
    using Change = std::function<void(AdaptiveRateState& state, WallTime now)>;
    /// Applies `change` to the origin's stored bucket, or to this object's own when no store
    /// shares it.
    void change(const std::string& origin, WallTime now, const Change& change);

    StateStore* store_;
    AdaptiveRatePolicy policy_;
    std::map<std::string, AdaptiveRateState, std::less<>> own_;
};

/// `inner` first (a spent quota), then the origin's adaptive pace: a token is taken only by an
/// attempt that nothing else holds back. `inner` may be null.
std::unique_ptr<AttemptPacer> with_adaptive_pace(std::unique_ptr<AttemptPacer> inner,
                                                 AdaptivePace& pace, std::string origin);

}  // namespace rfetch
