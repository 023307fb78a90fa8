#pragma once

#include <cstddef>
#include <string_view>

namespace rfetch {

/// How deep a server's JSON may nest before rfetch stops reading it as JSON. nlohmann's
/// serializer, copies and comparisons recurse once per level, so a body nested 50,000 deep
/// overflows the stack; real documents stay far below this.
inline constexpr std::size_t kMaxJsonDepth = 512;

/// Whether `text` opens more than `limit` arrays or objects inside one another, counting only
/// brackets outside strings. Linear and without memory, so it can run before any parser, on
/// any text, JSON or not.
bool nests_deeper_than(std::string_view text, std::size_t limit = kMaxJsonDepth);

}  // namespace rfetch
