#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rfetch {

/// When `word` (as typed: --name, --name=VALUE, --no-name, or a group of short letters) is an
/// option of curl's, curl's long name for it, such as "--junk-session-cookies" for "-j": so
/// that a curl command line rfetch cannot run is refused with a word that says why.
std::optional<std::string> curl_option_named(std::string_view word);

}  // namespace rfetch
