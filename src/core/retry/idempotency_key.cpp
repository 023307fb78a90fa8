#include "core/retry/idempotency_key.h"

#include <algorithm>

namespace rfetch {

bool is_valid_idempotency_key(std::string_view key) {
    return !key.empty() && std::ranges::all_of(key, [](char c) { return c >= 0x20 && c <= 0x7e; });
}

std::string uuid_v4(std::array<std::uint8_t, 16> bytes) {
    // RFC 9562 §5.4: version 4 in the high nibble of byte 6, variant 10 in byte 8.
    bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0f) | 0x40);
    bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3f) | 0x80);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            text.push_back('-');
        }
        text.push_back(kHex[bytes[i] >> 4]);
        text.push_back(kHex[bytes[i] & 0x0f]);
    }
    return text;
}

}  // namespace rfetch
