#pragma once

#include "cli/config.h"

namespace rfetch {

/// Carries out --state (the state as JSON on stdout) or --reset-state, and returns the exit
/// status. Warnings go to `messages`.
int run_state_command(const StateCommand& command, const LogChannel& messages);

}  // namespace rfetch
