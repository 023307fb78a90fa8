#include "core/retry/retry_after.h"

#include <algorithm>
#include <charconv>

#include "core/base/ascii.h"

namespace rfetch {
namespace {

bool all_digits(std::string_view text) {
    return !text.empty() && std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

Duration from_seconds(std::string_view digits) {
    long long seconds = 0;
    const auto [end, error] =
        std::from_chars(digits.data(), digits.data() + digits.size(), seconds);
    if (error != std::errc{} || seconds > kMaxDuration.count() / 1000) {
        return kMaxDuration;
    }
    return Duration{seconds * 1000};
}

}  // namespace

std::optional<Duration> parse_retry_after(std::string_view value, WallTime now,
                                          HttpDateParser parse_date) {
    value = trim_whitespace(value);
    if (all_digits(value)) {
        return from_seconds(value);
    }
    const auto date = parse_date(value);
    if (!date) {
        return std::nullopt;
    }
    // Compared before subtracting: a date centuries away would overflow the difference.
    if (*date <= now) {
        return Duration{0};
    }
    return std::min(std::chrono::ceil<Duration>(*date - now), kMaxDuration);
}

}  // namespace rfetch
