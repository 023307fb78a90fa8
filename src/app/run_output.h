#pragma once

#include <memory>

#include "cli/config.h"
#include "core/output/output.h"
#include "core/run/delivery.h"
#include "core/run/engine.h"

namespace rfetch {

/// How a target's body reaches its reader.
DeliveryPolicy delivery_policy(const Config& config, const Target& target);

/// Where a target's body goes: its file, or stdout.
std::unique_ptr<Output> body_output(const Config& config, const Target& target);

/// What a finished run reports besides its body, each only when asked for: the head (-D), the
/// document (--result), the write-out (-w). A report that cannot be written fails the run as a
/// body would. Returns the exit status, changed only by such a failure.
int write_reports(const Config& config, const Target& target, RunResult& result, int exit_code);

}  // namespace rfetch
