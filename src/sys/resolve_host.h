#pragma once

#include <chrono>
#include <string>

namespace rfetch {

/// A host name turned into an address, or why it was not.
struct ResolvedHost {
    /// Numeric, as inet_ntop writes it; empty when `problem` says why there is none.
    std::string address;
    std::string problem;
};

/// The first address `host` resolves to, within `limit`. The system's resolver waits as long
/// as /etc/resolv.conf says (5 s a query by default) for a name server that does not answer,
/// and what only helps a fetch must not hold it that long. A lookup that runs past the limit
/// is left to finish on its own thread; its answer is then dropped.
ResolvedHost resolve_host(const std::string& host, std::chrono::milliseconds limit);

}  // namespace rfetch
