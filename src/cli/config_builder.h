#pragma once

#include <istream>

#include "cli/config.h"
#include "cli/raw_options.h"

namespace rfetch {

/// What the builder needs from the world besides the flags.
struct Surroundings {
    std::istream& stdin_stream;
    bool stderr_is_terminal = false;
};

/// Checks every value and builds the run's config; throws UsageError on the first bad one.
Config build_config(const RawOptions& raw, Surroundings& surroundings);

}  // namespace rfetch
