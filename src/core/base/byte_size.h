#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace rfetch {

/// Reads a byte count as curl's --max-filesize does: a whole number with an optional K, M or
/// G suffix (powers of 1024, either case). Nullopt for anything else or past 2^63.
std::optional<std::uint64_t> parse_byte_size(std::string_view text);

}  // namespace rfetch
