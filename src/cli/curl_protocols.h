#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rfetch {

/// A protocol list of curl's --proto or --proto-redir, read as curl 7.88 reads it.
struct ProtocolList {
    /// The protocols allowed, lower-case and in alphabetical order; empty allows none.
    std::vector<std::string> allowed;
    /// What curl warns about: each protocol named that libcurl does not know.
    std::vector<std::string> warnings;
};

/// Reads `list` (curl's syntax: comma-separated names, each after '+' to allow it, '-' to deny
/// it or '=' to allow it alone, "all" for every protocol) starting from `preset`. Several
/// lists of one flag are read as one, joined by commas. Throws a UsageError naming `flag` for
/// an entry that is modifiers alone, or a modifier curl does not have.
ProtocolList read_protocol_list(std::string_view flag, std::string_view list,
                                const std::vector<std::string>& preset);

/// Every protocol libcurl 7.88 knows: what curl's "all" stands for.
std::vector<std::string> libcurl_protocols();

/// Whether libcurl 7.88 knows `name` as a protocol (curl -V's "Protocols:"), in any case.
bool is_libcurl_protocol(std::string_view name);

}  // namespace rfetch
