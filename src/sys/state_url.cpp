#include "sys/state_url.h"

#include <charconv>

namespace rfetch {
namespace {

StateUrlResult problem(std::string words) {
    return {std::nullopt, std::move(words)};
}

// A whole number from `low` to `high`, or nullopt.
std::optional<int> whole(std::string_view text, int low, int high) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() || value < low ||
        value > high) {
        return std::nullopt;
    }
    return value;
}

// %XX in a user or password, so that either can hold ':' or '@'.
std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        int byte = 0;
        if (i + 2 >= text.size()) {
            return std::nullopt;
        }
        const auto [end, error] =
            std::from_chars(text.data() + i + 1, text.data() + i + 3, byte, 16);
        if (error != std::errc{} || end != text.data() + i + 3) {
            return std::nullopt;
        }
        out.push_back(static_cast<char>(byte));
        i += 2;
    }
    return out;
}

constexpr const char* kForm =
    "is not a state URL: use redis://[user:password@]host[:port][/db] or unix:///path";

StateUrlResult parse_unix(std::string_view rest) {
    StateUrl url;
    url.kind = StateUrl::Kind::unix_socket;
    const auto query = rest.find('?');
    url.socket_path = std::string(rest.substr(0, query));
    if (url.socket_path.empty() || url.socket_path.front() != '/') {
        return problem(std::string(kForm) + " (the socket's path is missing)");
    }
    if (query != std::string_view::npos) {
        const std::string_view parameter = rest.substr(query + 1);
        const auto db =
            parameter.starts_with("db=") ? whole(parameter.substr(3), 0, 1'000'000) : std::nullopt;
        if (!db) {
            return problem(std::string(kForm) + " (the only parameter is db=N)");
        }
        url.db = *db;
    }
    return {url, {}};
}

StateUrlResult parse_redis(std::string_view rest) {
    StateUrl url;
    // A generated password often holds a '/': the path starts after the userinfo, not at the
    // first '/'.
    const auto userinfo_end = rest.rfind('@');
    const auto slash =
        rest.find('/', userinfo_end == std::string_view::npos ? 0 : userinfo_end + 1);
    std::string_view authority = rest.substr(0, slash);
    if (slash != std::string_view::npos) {
        const auto db = whole(rest.substr(slash + 1), 0, 1'000'000);
        if (!db) {
            return problem(std::string(kForm) + " (the database is a number)");
        }
        url.db = *db;
    }
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        const std::string_view userinfo = authority.substr(0, at);
        authority = authority.substr(at + 1);
        const auto colon = userinfo.find(':');
        const auto user = percent_decode(userinfo.substr(0, colon));
        const auto password = colon == std::string_view::npos
                                  ? std::optional<std::string>("")
                                  : percent_decode(userinfo.substr(colon + 1));
        if (!user || !password) {
            return problem(std::string(kForm) + " (a bad %-escape in the user or password)");
        }
        url.user = *user;
        url.password = *password;
    }
    std::string_view host = authority;
    std::string_view port;
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) {
            return problem(std::string(kForm) + " (an IPv6 address lacks its ']')");
        }
        host = authority.substr(1, close - 1);
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (!after.starts_with(':')) {
                return problem(kForm);
            }
            port = after.substr(1);
            if (port.empty()) {
                return problem(std::string(kForm) + " (the port is missing after ':')");
            }
        }
    } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
        if (port.empty()) {
            return problem(std::string(kForm) + " (the port is missing after ':')");
        }
    }
    if (host.empty()) {
        return problem(std::string(kForm) + " (the host is missing)");
    }
    if (!port.empty()) {
        const auto number = whole(port, 1, 65535);
        if (!number) {
            return problem(std::string(kForm) + " (the port is a number from 1 to 65535)");
        }
        url.port = *number;
    }
    url.host = std::string(host);
    return {url, {}};
}

}  // namespace

std::string StateUrl::describe() const {
    if (kind == Kind::unix_socket) {
        return "unix://" + socket_path + (db != 0 ? "?db=" + std::to_string(db) : "");
    }
    const bool ipv6 = host.find(':') != std::string::npos;
    return "redis://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port) +
           (db != 0 ? "/" + std::to_string(db) : "");
}

StateUrlResult parse_state_url(std::string_view text) {
    if (text.starts_with("redis://")) {
        return parse_redis(text.substr(8));
    }
    if (text.starts_with("unix://")) {
        return parse_unix(text.substr(7));
    }
    if (text.starts_with("rediss://")) {
        return problem(
            "asks for TLS, which this build cannot speak: the hiredis it is built with (Debian "
            "12's 0.14) has no TLS; use redis:// through a TLS tunnel, or unix://");
    }
    return problem(std::string(kForm) + " (unknown scheme)");
}

}  // namespace rfetch
