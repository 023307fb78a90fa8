#pragma once

#include <istream>
#include <string>
#include <string_view>

namespace rfetch {

/// Reads a --data or --json argument: the text itself, @FILE, or @- for standard input.
/// Unlike curl's --data, newlines are kept: the body goes out exactly as it was read.
/// Throws UsageError naming `flag` when a file cannot be read.
std::string read_body_argument(std::string_view flag, std::string_view argument,
                               std::istream& stdin_stream);

}  // namespace rfetch
