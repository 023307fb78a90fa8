#pragma once

#include <optional>
#include <string>

namespace rfetch {

/// curl's --stderr: from now on, whatever rfetch writes to stderr (the log, its messages, the
/// progress line, -v) goes to `path`, created or emptied as curl opens it, or to stdout for "-".
/// Returns why it could not, leaving stderr as it was.
std::optional<std::string> send_stderr_to(const std::string& path);

}  // namespace rfetch
