#pragma once

#include <optional>

#include "core/base/clock.h"
#include "core/retry/decision.h"
#include "core/state/cooperation.h"

namespace rfetch {

/// Limits that other runs against the same origin share with this one: the engine asks it
/// before the first attempt, before and after every attempt, and once the run is over.
class RunGuard {
  public:
    virtual ~RunGuard() = default;

    /// Before the first attempt: nullopt lets the run go; a duration refuses it and says how
    /// long until a run may go through.
    virtual std::optional<Duration> refuse_run(WallTime now) = 0;

    /// Before each attempt: whether it may be sent now or must wait for other runs (only when
    /// runs cooperate). `attempt_limit` is how long the attempt may take, when it is bounded.
    virtual Passage before_attempt(std::optional<Duration> attempt_limit) {
        static_cast<void>(attempt_limit);
        return {};
    }

    /// Whether the guard itself paces the retries (cooperating runs wait for each other before
    /// each attempt), so that the run's own backoff is not waited as well. Asked after
    /// record_attempt.
    virtual bool paces_retries() const { return false; }

    /// After each attempt, with the decision on it: counts the attempt, and returns false when
    /// a retry the decision asks for must not happen.
    virtual bool record_attempt(const Decision& decision) = 0;

    /// Before a hedge goes out: whether the origin is well enough for an extra request (no
    /// turns taken, the breaker closed) and the budget of retries has room for it. A hedge
    /// that is allowed has already spent its share.
    virtual bool allow_hedge() { return true; }

    /// Once a run that was let through is over. `origin_failed` says whether its last attempt
    /// failed in a way that tells of the origin's trouble: a failure or status in the retry set.
    virtual void record_run(Outcome outcome, bool origin_failed, WallTime now) = 0;
};

}  // namespace rfetch
