#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rfetch {

/// One member of a RateLimit or RateLimit-Policy field: the policy's name and its integer
/// parameters (r, t, q, w, ...); parameters of other types are read and left out.
struct RateLimitItem {
    std::string policy;
    std::map<std::string, long long, std::less<>> integers;
};

/// Reads an RFC 8941 List of Items whose items are Strings or Tokens, as RateLimit and
/// RateLimit-Policy are (draft-ietf-httpapi-ratelimit-headers §3, §4). Nullopt when the value
/// is not such a list: RFC 8941 §4.2 has a field that fails to parse ignored whole.
std::optional<std::vector<RateLimitItem>> parse_rate_limit_field(std::string_view value);

}  // namespace rfetch
