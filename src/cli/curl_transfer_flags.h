#pragma once

#include <CLI/App.hpp>

#include "cli/raw_options.h"

namespace rfetch {

/// Declares curl's flags that steer the transfer and its connections as libcurl options:
/// the protocols allowed (--proto, --proto-redir, --proto-default), TCP and redirect options,
/// the low-speed limit, bound to `raw`.
void add_curl_transfer_flags(CLI::App& app, RawOptions& raw);

}  // namespace rfetch
