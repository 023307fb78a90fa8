#pragma once

#include <string>

namespace rfetch {

/// What --version prints: rfetch's version, then the libcurl it runs on, with its TLS library
/// and the features that matter to rfetch.
std::string version_text();

}  // namespace rfetch
