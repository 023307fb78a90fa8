#include "core/base/tcp_target.h"

#include <algorithm>
#include <charconv>

#include "core/base/ascii.h"

namespace rfetch {
namespace {

constexpr std::string_view kScheme = "tcp://";
constexpr int kMaxPort = 65535;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace

bool is_tcp_target(std::string_view url) {
    return url.size() >= kScheme.size() &&
           equals_ignoring_case(url.substr(0, kScheme.size()), kScheme);
}

std::optional<std::string> tcp_target_problem(std::string_view url) {
    const std::string_view authority = url.substr(kScheme.size());
    if (const auto extra = authority.find_first_of("/?#"); extra != std::string_view::npos) {
        return "has a path, a query or a fragment: a tcp:// target is tcp://HOST:PORT";
    }
    if (authority.find('@') != std::string_view::npos) {
        return "has a user: a tcp:// target is tcp://HOST:PORT";
    }
    // The port follows the last colon, after the brackets of an IPv6 address.
    const auto colon = authority.rfind(':');
    const auto bracket = authority.rfind(']');
    if (colon == std::string_view::npos || (bracket != std::string_view::npos && colon < bracket)) {
        return "has no port: a tcp:// target is tcp://HOST:PORT";
    }
    const std::string_view host = authority.substr(0, colon);
    const std::string_view port = authority.substr(colon + 1);
    if (host.empty() || host == "[]") {
        return "has no host: a tcp:// target is tcp://HOST:PORT";
    }
    int number = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (port.empty() || !std::ranges::all_of(port, is_digit) || error != std::errc{} ||
        end != port.data() + port.size() || number < 1 || number > kMaxPort) {
        return "has no port from 1 to 65535: a tcp:// target is tcp://HOST:PORT";
    }
    return std::nullopt;
}

}  // namespace rfetch
