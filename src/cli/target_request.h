#pragma once

#include <string>

#include "cli/config.h"

namespace rfetch {

/// The method `target` is sent with: its upload's, or else the request's.
const std::string& method_for(const Config& config, const Target& target);

/// What `target` is sent: the config's request to the target's URL, with its upload's method,
/// body and headers when a -T is bound to it, and the offset of -C.
Request request_for(const Config& config, const Target& target);

}  // namespace rfetch
