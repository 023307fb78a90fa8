#pragma once

#include "core/base/clock.h"

namespace rfetch {

/// Paces the attempts of a run against what other runs of the same origin learnt: the engine
/// asks it before every attempt, and tells it when a response said the origin's quota is spent.
class AttemptPacer {
  public:
    virtual ~AttemptPacer() = default;

    /// Before an attempt: how long it must wait first; zero lets it go. `now` paces within this
    /// process; `wall_now` compares with times other processes stored.
    virtual Duration wait_before_attempt(TimePoint now, WallTime wall_now) = 0;

    /// After a response that said the origin's quota is spent and comes back in `reset`.
    virtual void quota_spent(WallTime now, Duration reset) = 0;
};

}  // namespace rfetch
