#pragma once

#include "cli/config.h"
#include "cli/raw_options.h"

namespace rfetch {

/// Applies curl's request and connection flags (-G, -e, -b, -c, --oauth2-bearer, -r, the auth,
/// netrc and connection choices) to a config whose request and targets are built. Throws
/// UsageError naming the flag for a value it cannot use.
void apply_curl_settings(const RawOptions& raw, Config& config);

}  // namespace rfetch
