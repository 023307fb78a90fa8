#include "http/http_date.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstdint>
#include <string>

namespace rfetch {

std::optional<WallTime> parse_http_date(std::string_view text) {
    const std::string terminated(text);
    const time_t parsed = curl_getdate(terminated.c_str(), nullptr);
    if (parsed == -1) {
        return std::nullopt;
    }
    // The clock counts nanoseconds, so it spans only 1677 to 2262; a date beyond either end
    // is as good as that end, and from_time_t would overflow on it.
    using Seconds = std::chrono::seconds;
    constexpr auto kLatest = std::chrono::floor<Seconds>(WallTime::max().time_since_epoch());
    constexpr auto kEarliest = std::chrono::ceil<Seconds>(WallTime::min().time_since_epoch());
    return WallTime{std::clamp(Seconds{parsed}, kEarliest, kLatest)};
}

}  // namespace rfetch
