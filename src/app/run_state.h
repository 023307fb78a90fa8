#pragma once

#include <memory>

#include "cli/config.h"
#include "core/state/state_store.h"

namespace rfetch {

/// The store the shared state lives in: Redis with --state-url, else the state directory.
/// Warnings about it go to `messages`.
std::unique_ptr<StateStore> open_state_store(const std::string& state_dir,
                                             const std::optional<StateUrl>& state_url,
                                             Duration state_timeout, const LogChannel& messages);

/// Carries out --state (the state as JSON on stdout) or --reset-state, and returns the exit
/// status. Warnings go to `messages`.
int run_state_command(const StateCommand& command, const LogChannel& messages);

}  // namespace rfetch
