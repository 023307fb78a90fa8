#pragma once

#include <optional>
#include <string>

#include "core/base/random.h"
#include "core/state/circuit_breaker.h"
#include "core/state/cooperation.h"
#include "core/state/retry_budget.h"
#include "core/state/run_guard.h"
#include "core/state/state_store.h"

namespace rfetch {

/// The shared limits in force; each may be off.
struct SharedLimits {
    std::optional<RetryBudgetPolicy> retry_budget;
    std::optional<CircuitBreakerPolicy> circuit_breaker;
    std::optional<CooperationPolicy> cooperation;

    bool any() const { return retry_budget || circuit_breaker || cooperation; }
};

/// Who a run is among the cooperating runs: a name no other run has, and the random source
/// that jitters the shared backoff.
struct Cooperator {
    std::string name;
    Random* random = nullptr;
};

/// A RunGuard for one origin, kept in a StateStore: the retry budget counts attempts, the
/// circuit breaker counts runs, and cooperation makes the runs take turns. A limit that is off
/// never touches the store. Times kept in the store are the store's own.
class OriginGuard final : public RunGuard {
  public:
    OriginGuard(StateStore& store, std::string origin, SharedLimits limits,
                Cooperator cooperator = {})
        : store_(store),
          origin_(std::move(origin)),
          limits_(limits),
          cooperator_(std::move(cooperator)) {}

    std::optional<Duration> refuse_run(WallTime now) override;
    Passage before_attempt(std::optional<Duration> attempt_limit) override;
    /// Only while the store shares: a run on its own keeps its own backoff.
    bool paces_retries() const override { return cooperating() && store_.last_update_shared(); }
    bool record_attempt(const Decision& decision) override;
    bool allow_hedge() override;
    void record_run(Outcome outcome, bool origin_failed, WallTime now) override;

  private:
    bool cooperating() const { return limits_.cooperation && cooperator_.random != nullptr; }

    StateStore& store_;
    std::string origin_;
    SharedLimits limits_;
    Cooperator cooperator_;
    std::optional<RampPlace> ramp_place_;
};

}  // namespace rfetch
