#pragma once

#include <string_view>
#include <vector>

#include "cli/config.h"
#include "cli/config_builder.h"
#include "cli/raw_options.h"

namespace rfetch {

/// How the usage error for a command line without a URL begins.
inline constexpr std::string_view kNoUrlGiven = "no URL given";

/// The URLs to fetch, from the command line (each glob expanded) and then --urls, each checked,
/// with the file its body goes to (-o, -O, --output-dir). Throws UsageError when one is bad, or
/// when -O would save two URLs to one file; adds to `warnings` what curl would warn about.
std::vector<Target> build_targets(const RawOptions& raw, Surroundings& surroundings,
                                  std::vector<std::string>& warnings);

}  // namespace rfetch
