#pragma once

#include <CLI/App.hpp>

#include "cli/raw_tls_options.h"

namespace rfetch {

/// Declares curl's client-certificate and TLS flags among curl's spellings, bound to `raw`.
void add_curl_tls_flags(CLI::App& app, RawTlsOptions& raw);

}  // namespace rfetch
