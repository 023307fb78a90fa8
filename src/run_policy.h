#pragma once

#include <memory>
#include <optional>

#include "cli/config.h"
#include "core/random.h"
#include "core/retry_decider.h"
#include "core/trace_context.h"
#include "sys/file_state_store.h"

namespace rfetch {

/// What every run of an invocation shares: the retry decisions, the trace, and the state kept
/// for the shared limits. Not copyable: the decider and the trace hold on to their randomness.
class RunPolicy {
  public:
    explicit RunPolicy(const Config& config);
    RunPolicy(const RunPolicy&) = delete;
    RunPolicy& operator=(const RunPolicy&) = delete;

    RetryDecider& decider() { return decider_; }
    /// The per-attempt trace headers, when a trace is sent.
    AttemptHeaders* trace() { return trace_ ? &*trace_ : nullptr; }
    /// The guard for a target's origin, when shared limits are in force.
    std::unique_ptr<OriginGuard> guard_for(const Config& config, const Target& target);

  private:
    SeededRandom random_;
    RetryDecider decider_;
    // Trace ids come from their own source: --seed must reproduce waits, never trace ids.
    SeededRandom id_random_;
    std::optional<TraceHeaders> trace_;
    std::optional<FileStateStore> store_;
};

}  // namespace rfetch
