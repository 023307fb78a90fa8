#pragma once

#include <map>
#include <memory>
#include <string>

#include "core/state/attempt_pacer.h"
#include "core/state/state_store.h"

namespace rfetch {

/// When each origin's spent quota comes back, for every run of one invocation, and through a
/// state store, when one is kept, for the runs of other invocations: a response that spends the
/// quota (RateLimit r=0, X-RateLimit-Remaining 0) makes the next request to its origin wait for
/// the reset instead of earning a 429.
class QuotaHolds {
  public:
    /// `store` may be null: the holds then last as long as this object. A hold read from the
    /// store is cut to `longest`, as the server's own word is: whoever can write the store must
    /// not hold a run for longer than the user would wait.
    explicit QuotaHolds(StateStore* store, Duration longest = kMaxDuration)
        : store_(store), longest_(longest) {}

    /// How long a request to `origin` must wait from `now`. The store, when kept, is read at
    /// the origin's first request only.
    Duration wait(const std::string& origin, WallTime now);
    /// The quota of `origin` is spent for `reset` from `now`; a later hold already known stays.
    void hold(const std::string& origin, WallTime now, Duration reset);

    /// A pacer for the runs of one origin, sharing these holds.
    std::unique_ptr<AttemptPacer> pacer_for(std::string origin);

  private:
    StateStore* store_;
    Duration longest_;
    std::map<std::string, WallTime, std::less<>> until_;
};

}  // namespace rfetch
