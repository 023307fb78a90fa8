#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace rfetch {

/// A host name turned into addresses, or why it was not.
struct ResolvedHost {
    /// Numeric, as inet_ntop writes them, IPv4 first; empty when `problem` says why.
    std::vector<std::string> addresses;
    std::string problem;
};

/// The addresses `host` resolves to, within `limit`. IPv4 comes first, as in hiredis's own
/// lookup, so that "localhost" still reaches a Redis that listens on 127.0.0.1 only. The system's
/// resolver waits as long as /etc/resolv.conf says (5 s a query by default) for a name server that
/// does not answer, and what only helps a fetch must not hold it that long. A lookup that runs past
/// the limit is left to finish on its own thread; its answer is then dropped.
ResolvedHost resolve_host(const std::string& host, std::chrono::milliseconds limit);

}  // namespace rfetch
