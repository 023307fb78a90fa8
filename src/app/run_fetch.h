#pragma once

#include "cli/config.h"

namespace rfetch {

/// Wires the real transport, clock and output to the engine, runs it, writes the body and the
/// result event, and returns the exit status. `messages` gives the log its sink and run id, and
/// takes the warnings.
int run_fetch(const Config& config, const LogChannel& messages);

}  // namespace rfetch
