#pragma once

#include <optional>

#include "core/base/duration.h"
#include "core/base/transport.h"
#include "core/poll/ready_condition.h"

namespace rfetch {

/// Polling mode: every response is polled again until one meets the condition, and then again
/// until `consecutive` in a row have, over at least `stable`.
struct PollingPolicy {
    ReadyCondition condition;
    int consecutive = 1;
    /// Wait for the target to go away instead: no answer (refused, unreachable, timed out, reset,
    /// closed without a reply), or a status outside the condition's list.
    bool until_down = false;
    /// How long the condition must have held, from the first poll of the streak that met it.
    Duration stable{0};
    /// Several targets are waited for together: one that is ready is polled again at the
    /// interval rather than ending its run, so that readiness must hold for all at once. Whoever
    /// drives the runs ends them.
    bool keep_polling_when_ready = false;
};

/// Whether one poll's attempt shows what the poll waits for (ready, or down), and in words why:
/// "ready (status 200)", "connection accepted", "down (connection refused or unreachable)".
/// Nothing when the attempt failed in a way that says neither, such as a TLS failure or a
/// signal: that failure is judged as it would be without polling.
std::optional<Match> poll_target(const PollingPolicy& polling, const AttemptResult& result);

}  // namespace rfetch
