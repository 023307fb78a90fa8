#pragma once

#include <optional>
#include <string>

#include "cli/config.h"
#include "cli/config_builder.h"

namespace rfetch {

/// A config to run, a state command to carry out, or the exit status when there is nothing to
/// run (--help, --version, a usage error already reported on stderr).
struct CommandLine {
    std::optional<Config> config;
    int exit_code = 0;
    std::optional<StateCommand> state_command;
};

/// Reads argv, the RFETCH_* environment and the config file, in that order of precedence.
/// `version_text` is what --version prints.
CommandLine parse_command_line(int argc, const char* const* argv, Surroundings& surroundings,
                               const std::string& version_text);

}  // namespace rfetch
