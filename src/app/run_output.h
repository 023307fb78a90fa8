#pragma once

#include <memory>

#include "cli/config.h"
#include "core/output/output.h"
#include "core/run/delivery.h"
#include "core/run/engine.h"
#include "sys/outputs.h"

namespace rfetch {

/// How a target's body reaches its reader; `request` is what the target is sent.
DeliveryPolicy delivery_policy(const Config& config, const Target& target, const Request& request);

/// The body's output, and the file among them that the final response may still name.
struct BodyOutput {
    std::unique_ptr<Output> output;
    /// Set for curl's -J with -O: the same object as `output`.
    NamedFileOutput* named = nullptr;
};

/// Where a target's body goes: its file, or stdout.
BodyOutput body_output(const Config& config, const Target& target);

/// curl's -J: `file` takes the name `head`'s Content-Disposition offers, in the directory of
/// the -O name, which stays when it offers none.
void name_after(const Config& config, const Target& target, const Response& head,
                NamedFileOutput& file, std::optional<std::string>& filename);

/// What a finished run reports besides its body, each only when asked for: the head (-D), the
/// document (--result), the write-out (-w). A report that cannot be written fails the run as a
/// body would. Returns the exit status, changed only by such a failure. With `dumped_head`, the
/// head of -D FILE is kept there rather than written. `method` is the one the target was sent,
/// `filename` the file its body went to (nullopt for stdout).
int write_reports(const Config& config, const Target& target, const std::string& method,
                  const std::optional<std::string>& filename, RunResult& result, int exit_code,
                  std::string* dumped_head = nullptr);

}  // namespace rfetch
