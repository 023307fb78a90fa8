#pragma once

#include <cstdlib>
#include <functional>
#include <istream>
#include <optional>
#include <string>

#include "cli/config.h"
#include "cli/raw_options.h"

namespace rfetch {

/// Reads one environment variable; nullopt when it is unset.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;

/// The real environment.
std::optional<std::string> process_environment(const std::string& name);

/// What the command line needs from the world besides argv.
struct Surroundings {
    std::istream& stdin_stream;
    bool stderr_is_terminal = false;
    EnvironmentLookup environment = process_environment;
};

/// Checks every value and builds the run's config; throws UsageError on the first bad one.
Config build_config(const RawOptions& raw, Surroundings& surroundings);

}  // namespace rfetch
