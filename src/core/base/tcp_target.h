#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rfetch {

/// Whether a target is tcp://HOST:PORT: polled by opening a connection, with no request sent.
bool is_tcp_target(std::string_view url);

/// What is wrong with a tcp:// target, if anything: it must be tcp://HOST:PORT, the port from
/// 1 to 65535, with no user, path, query or fragment ("has a path: ...").
std::optional<std::string> tcp_target_problem(std::string_view url);

}  // namespace rfetch
