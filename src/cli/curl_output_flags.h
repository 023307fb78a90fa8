#pragma once

#include <CLI/App.hpp>

#include "cli/raw_options.h"

namespace rfetch {

/// Declares curl's output and session flags that rfetch maps onto its own output: the progress
/// display (-#, --no-progress-meter), --stderr, --no-include, -j, -R, -B, bound to `raw`.
void add_curl_output_flags(CLI::App& app, RawOptions& raw);

}  // namespace rfetch
