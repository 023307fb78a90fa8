#include "core/base/origin.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/base/ascii.h"

namespace rfetch {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::ranges::transform(out, out.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::optional<int> parse_port(std::string_view text) {
    int port = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (error != std::errc{} || end != text.data() + text.size() || port < 1 || port > 65535) {
        return std::nullopt;
    }
    return port;
}

}  // namespace

std::optional<std::string> origin_of(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string scheme = lower(url.substr(0, scheme_end));
    if (scheme != "http" && scheme != "https" && scheme != "ftp") {
        return std::nullopt;
    }
    std::string_view authority = url.substr(scheme_end + 3);
    authority = authority.substr(0, authority.find_first_of("/?#"));
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        authority.remove_prefix(at + 1);
    }
    // An IPv6 literal keeps its brackets, and its colons are not the port's.
    const auto host_end =
        authority.starts_with('[') ? authority.find(']') + 1 : authority.rfind(':');
    std::string_view host = authority.substr(0, host_end);
    std::string_view port_text;
    if (host_end != std::string_view::npos && host_end < authority.size()) {
        if (authority[host_end] != ':') {
            return std::nullopt;
        }
        port_text = authority.substr(host_end + 1);
    }
    if (host.empty() || host == "[]") {
        return std::nullopt;
    }
    std::optional<int> port = scheme == "https" ? 443 : scheme == "ftp" ? 21 : 80;
    if (!port_text.empty()) {
        port = parse_port(port_text);
    }
    if (!port) {
        return std::nullopt;
    }
    return scheme + "://" + lower(host) + ":" + std::to_string(*port);
}

bool is_ftp_url(std::string_view url) {
    return url.size() > 6 && equals_ignoring_case(url.substr(0, 6), "ftp://");
}

}  // namespace rfetch
