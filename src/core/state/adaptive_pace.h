#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/state/adaptive_rate.h"
#include "core/state/attempt_pacer.h"
#include "core/state/state_store.h"

namespace rfetch {

/// The adaptive pace of every origin, for every run of one invocation and, through a state
/// store when one is kept, for the runs of other invocations: each origin's token bucket fills at
/// a rate that drops when the origin throttles and grows back CUBIC-style.
///
/// The invocation keeps each bucket itself and shares it with the store at the origin's first
/// request, every `sync_every` after, and at the end: a store on disk syncs every update to it,
/// and an update for every token would cap the pace at what the disk can sync. At each sharing,
/// a throttle that another invocation heard since wins over this one's rate, so that runs at
/// once slow down together; each spends its own tokens in between.
class AdaptivePace {
  public:
    /// `store` may be null, or fail: the buckets then last as long as this object.
    explicit AdaptivePace(StateStore* store, const AdaptiveRatePolicy& policy = {},
                          Duration sync_every = Duration{250})
        : store_(store), policy_(policy), sync_every_(sync_every) {}
    /// Shares each bucket with the store a last time.
    ~AdaptivePace();
    AdaptivePace(const AdaptivePace&) = delete;
    AdaptivePace& operator=(const AdaptivePace&) = delete;

    /// Before a request to `origin`: a token, when the bucket spares one, and the wait for it.
    TokenGrant take_token(const std::string& origin, WallTime now);
    /// After an answer from `origin` to a request whose token was taken `since_token` before
    /// `now`.
    void record_answer(const std::string& origin, WallTime now, Duration since_token,
                       bool throttled);

  private:
    struct Bucket {
        AdaptiveRateState state;
        std::optional<WallTime> shared_at;
        WallTime last_used{};
        bool took_one = false;
    };
    /// The origin's bucket, read from the store at its first use.
    Bucket& bucket(const std::string& origin, WallTime now);
    void share(const std::string& origin, Bucket& bucket, WallTime now);

    StateStore* store_;
    AdaptiveRatePolicy policy_;
    Duration sync_every_;
    std::map<std::string, Bucket, std::less<>> buckets_;
};

/// `inner` first (a spent quota), then the origin's adaptive pace: a token is taken only by an
/// attempt that nothing else holds back. `inner` may be null.
std::unique_ptr<AttemptPacer> with_adaptive_pace(std::unique_ptr<AttemptPacer> inner,
                                                 AdaptivePace& pace, std::string origin);

}  // namespace rfetch
