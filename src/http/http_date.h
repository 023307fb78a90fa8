#pragma once

#include <optional>
#include <string_view>

#include "core/base/clock.h"

namespace rfetch {

/// libcurl's curl_getdate reads IMF-fixdate, RFC 850 and asctime dates (RFC 9110 §5.6.7).
std::optional<WallTime> parse_http_date(std::string_view text);

}  // namespace rfetch
