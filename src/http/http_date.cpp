#include "http/http_date.h"

#include <curl/curl.h>

#include <string>

namespace rfetch {

std::optional<WallTime> parse_http_date(std::string_view text) {
    const std::string terminated(text);
    const time_t seconds = curl_getdate(terminated.c_str(), nullptr);
    if (seconds == -1) {
        return std::nullopt;
    }
    return std::chrono::system_clock::from_time_t(seconds);
}

}  // namespace rfetch
