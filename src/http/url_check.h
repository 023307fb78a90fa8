#pragma once

#include <optional>
#include <string>

namespace rfetch {

/// libcurl's own URL parser's verdict on `url`, in its words, or nullopt when it parses and
/// names a host. Checked before the run, so a URL that can never work is a usage error, not
/// an attempt.
std::optional<std::string> url_problem(const std::string& url);

}  // namespace rfetch
