// parse_byte_size reads --max-filesize. What it accepts must stay within 2^63 - 1, and the
// plain decimal form of that count must read back as the same count.

#include <cstdint>
#include <limits>
#include <string>

#include "core/base/byte_size.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = rfetch_fuzz::as_text(data, size);
    const auto bytes = rfetch::parse_byte_size(text);
    if (!bytes) {
        return 0;
    }
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    FUZZ_CHECK(*bytes <= kMax, text);
    const auto reparsed = rfetch::parse_byte_size(std::to_string(*bytes));
    FUZZ_CHECK(reparsed.has_value() && *reparsed == *bytes, text);
    return 0;
}
