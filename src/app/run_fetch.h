#pragma once

#include "cli/config.h"
#include "core/state/fixed_pace.h"

namespace rfetch {

/// Wires the real transport, clock and output to the engine, runs it, writes the body and the
/// result event, and returns the exit status. `messages` gives the log its sink and run id, and
/// takes the warnings. `pace` is the invocation's pace of --rate N/UNIT, which every --next part
/// keeps, as curl's --rate is global; null without one.
int run_fetch(const Config& config, const LogChannel& messages, FixedPace* pace);

}  // namespace rfetch
