#pragma once

#include <optional>
#include <string>

namespace rfetch {

/// User-given text read into a value, or refused. `error` reads on from the quoted text in a
/// usage error ("'/a = 1' has no operator: ..."), so the CLI can name the flag and the value.
template <typename T>
struct ParseResult {
    std::optional<T> value;
    std::string error;
};

}  // namespace rfetch
