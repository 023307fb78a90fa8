#pragma once

#include <CLI/App.hpp>
#include <string>

#include "cli/raw_tls_options.h"

namespace rfetch {

/// Declares curl's client-certificate and TLS flags in `group`, bound to `raw`.
void add_curl_tls_flags(CLI::App& app, RawTlsOptions& raw, const std::string& group);

}  // namespace rfetch
