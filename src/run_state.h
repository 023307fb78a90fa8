#pragma once

#include "cli/config.h"

namespace rfetch {

/// Carries out --state (the state as JSON on stdout) or --reset-state, and returns the exit
/// status.
int run_state_command(const StateCommand& command);

}  // namespace rfetch
