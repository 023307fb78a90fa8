#pragma once

#include <vector>

#include "cli/config.h"
#include "cli/config_builder.h"
#include "cli/raw_options.h"

namespace rfetch {

/// The URLs to fetch, from the command line and then --urls, each checked, with the file its
/// body goes to (-o, -O, --output-dir). Throws UsageError when one is bad, or when many URLs
/// would have to share one file.
std::vector<Target> build_targets(const RawOptions& raw, Surroundings& surroundings);

}  // namespace rfetch
