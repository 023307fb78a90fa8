#pragma once

#include <memory>
#include <optional>

#include "cli/config.h"
#include "core/base/random.h"
#include "core/log/trace_context.h"
#include "core/run/attempt_number.h"
#include "core/state/adaptive_pace.h"
#include "core/state/fixed_pace.h"
#include "core/state/origin_guard.h"
#include "core/state/quota_holds.h"

namespace rfetch {

/// What every run of an invocation shares: the trace, and the state kept for the shared limits.
/// Not copyable: the runs hold on to its parts.
class RunPolicy {
  public:
    /// Warnings about the shared state go to `messages`. `pace` is --rate N/UNIT's, which
    /// outlives the policy (every --next part keeps it); null without one.
    RunPolicy(const Config& config, const LogChannel& messages, FixedPace* pace);
    RunPolicy(const RunPolicy&) = delete;
    RunPolicy& operator=(const RunPolicy&) = delete;

    /// The headers that differ per attempt (the trace, the attempt's number), when any is sent.
    AttemptHeaders* attempt_headers() {
        return attempt_headers_.empty() ? nullptr : &attempt_headers_;
    }
    /// The guard for the origin of target `index`, when shared limits are in force.
    std::unique_ptr<OriginGuard> guard_for(const Config& config, std::size_t index);
    /// The pacer that holds a target's requests while its origin's quota is spent, and to the
    /// pace of --rate (fixed, or adaptive per origin); nullptr when none can hold them.
    std::unique_ptr<AttemptPacer> pacer_for(const Target& target);

  private:
    // Trace ids come from their own source: --seed must reproduce waits, never trace ids.
    SeededRandom id_random_;
    std::optional<TraceHeaders> trace_;
    std::optional<AttemptNumberHeader> attempt_number_;
    AttemptHeaderList attempt_headers_;
    std::unique_ptr<StateStore> store_;
    /// This invocation's run id: with an index, it names each run to the others.
    std::string run_id_;
    /// After the store, which it may use.
    std::optional<QuotaHolds> quota_holds_;
    /// --rate N/UNIT: one pace for every run of the invocation.
    FixedPace* pace_;
    /// --rate auto: a pace for each origin, kept in the store when there is one.
    std::optional<AdaptivePace> adaptive_pace_;
};

}  // namespace rfetch
