#pragma once

#include <istream>
#include <string>
#include <vector>

namespace rfetch {

/// The URLs of a --urls file: one per line, blanks around it ignored, blank lines and lines
/// that start with # skipped.
std::vector<std::string> read_url_list(std::istream& lines);

}  // namespace rfetch
