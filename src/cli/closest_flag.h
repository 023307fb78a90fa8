#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rfetch {

/// The known flag nearest to a mistyped one, when it is near enough to be the likely intent
/// (an edit distance of at most a third of its length).
std::optional<std::string> closest_flag(std::string_view typed,
                                        const std::vector<std::string>& known);

}  // namespace rfetch
