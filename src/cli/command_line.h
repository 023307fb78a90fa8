#pragma once

#include <optional>

#include "cli/config.h"
#include "cli/config_builder.h"

namespace rfetch {

/// Either a config to run, or the exit status when there is nothing to run (--help, --version,
/// a usage error already reported on stderr).
struct CommandLine {
    std::optional<Config> config;
    int exit_code = 0;
};

CommandLine parse_command_line(int argc, const char* const* argv, Surroundings& surroundings);

}  // namespace rfetch
