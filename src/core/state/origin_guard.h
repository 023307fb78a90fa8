#pragma once

#include <optional>
#include <string>

#include "core/state/circuit_breaker.h"
#include "core/state/retry_budget.h"
#include "core/state/run_guard.h"
#include "core/state/state_store.h"

namespace rfetch {

/// The shared limits in force; either may be off.
struct SharedLimits {
    std::optional<RetryBudgetPolicy> retry_budget;
    std::optional<CircuitBreakerPolicy> circuit_breaker;

    bool any() const { return retry_budget || circuit_breaker; }
};

/// A RunGuard for one origin, kept in a StateStore: the retry budget counts attempts, the
/// circuit breaker counts runs. A limit that is off never touches the store.
class OriginGuard final : public RunGuard {
  public:
    OriginGuard(StateStore& store, std::string origin, SharedLimits limits)
        : store_(store), origin_(std::move(origin)), limits_(limits) {}

    std::optional<Duration> refuse_run(WallTime now) override;
    bool record_attempt(const Decision& decision) override;
    void record_run(Outcome outcome, bool origin_failed, WallTime now) override;

  private:
    StateStore& store_;
    std::string origin_;
    SharedLimits limits_;
};

}  // namespace rfetch
