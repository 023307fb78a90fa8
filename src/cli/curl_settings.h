#pragma once

#include "cli/config.h"
#include "cli/config_builder.h"
#include "cli/raw_options.h"

namespace rfetch {

/// Applies curl's request and connection flags (-G, -T's file name, -e, -b, -c,
/// --oauth2-bearer, -r, -z, the auth, netrc and connection choices) to a config whose request
/// and targets are built. Throws UsageError naming the flag for a value it cannot use.
void apply_curl_settings(const RawOptions& raw, Surroundings& surroundings, Config& config);

}  // namespace rfetch
