#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rfetch {

/// Where a Redis state store listens, from --state-url: redis://[user:password@]host[:port][/db]
/// or unix:///path[?db=N].
struct StateUrl {
    enum class Kind { tcp, unix_socket } kind = Kind::tcp;
    std::string host;
    int port = 6379;
    std::string socket_path;
    int db = 0;
    std::string user;
    /// Never written anywhere: describe() leaves it out.
    std::string password;

    /// The URL without its user and password, for messages.
    std::string describe() const;
};

struct StateUrlResult {
    std::optional<StateUrl> url;
    /// Why the text is not a state URL, when it is not: words after the value in a message.
    std::string problem;
};

/// Parses a state URL. rediss:// is refused: the hiredis of Debian 12 has no TLS.
StateUrlResult parse_state_url(std::string_view text);

}  // namespace rfetch
