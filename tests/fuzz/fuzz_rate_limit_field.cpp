// parse_rate_limit_field reads the RateLimit and RateLimit-Policy fields a server sends, so the
// input is hostile by definition. Besides not crashing, what it accepts must be what RFC 8941
// allows (printable names, lowercase keys, integers of at most 15 digits), and reading back the
// items it kept, written out again, must give the same items.

#include <cstdint>
#include <string>

#include "core/retry/rate_limit_field.h"
#include "fuzz_check.h"

namespace {

bool is_key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
           c == '*';
}

// The items as a RateLimit field: each policy as a String, each integer as a parameter.
std::string written(const std::vector<rfetch::RateLimitItem>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) {
            out += ", ";
        }
        out += '"';
        for (const char c : item.policy) {
            if (c == '"' || c == '\\') {
                out += '\\';
            }
            out += c;
        }
        out += '"';
        for (const auto& [key, value] : item.integers) {
            out += ';' + key + '=' + std::to_string(value);
        }
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = rfetch_fuzz::as_text(data, size);
    const auto items = rfetch::parse_rate_limit_field(text);
    if (!items) {
        return 0;
    }
    constexpr long long kMost = 999'999'999'999'999;
    for (const auto& item : *items) {
        for (const char c : item.policy) {
            FUZZ_CHECK(c >= 0x20 && c <= 0x7e, text);
        }
        for (const auto& [key, value] : item.integers) {
            FUZZ_CHECK(!key.empty() && ((key[0] >= 'a' && key[0] <= 'z') || key[0] == '*'), text);
            for (const char c : key) {
                FUZZ_CHECK(is_key_char(c), text);
            }
            FUZZ_CHECK(value >= -kMost && value <= kMost, text);
        }
    }
    const auto again = rfetch::parse_rate_limit_field(written(*items));
    FUZZ_CHECK(again.has_value() && again->size() == items->size(), text);
    for (std::size_t i = 0; i < items->size(); ++i) {
        FUZZ_CHECK((*again)[i].policy == (*items)[i].policy, text);
        FUZZ_CHECK((*again)[i].integers == (*items)[i].integers, text);
    }
    return 0;
}
