#include "core/base/byte_size.h"

#include <cctype>
#include <charconv>
#include <limits>

namespace rfetch {

std::optional<std::uint64_t> parse_byte_size(std::string_view text) {
    std::uint64_t unit = 1;
    if (!text.empty()) {
        switch (std::toupper(static_cast<unsigned char>(text.back()))) {
            case 'K':
                unit = std::uint64_t{1} << 10;
                break;
            case 'M':
                unit = std::uint64_t{1} << 20;
                break;
            case 'G':
                unit = std::uint64_t{1} << 30;
                break;
            default:
                break;
        }
        if (unit != 1) {
            text.remove_suffix(1);
        }
    }
    std::uint64_t count = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() ||
        count > kMax / unit) {
        return std::nullopt;
    }
    return count * unit;
}

}  // namespace rfetch
