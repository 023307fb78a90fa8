#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/base/transport.h"

namespace rfetch {

/// What one exchange of an attempt may do about redirects.
struct Hop {
    /// libcurl follows this hop's redirects itself; otherwise the exchange stops at a 3xx and
    /// rfetch sends the next request (see libcurl_follows_correctly).
    bool libcurl_follows = false;
    long max_redirects = 0;
    /// -u goes only to the origin of the attempt's first request, as libcurl's own following
    /// does.
    bool send_credentials = true;
};

/// One attempt's requests across the redirects rfetch follows itself: the hop under way, how
/// many came before it, and the time they took from the attempt's limit.
class RedirectChain {
  public:
    RedirectChain(const Request& first, const TransferSettings& transfer,
                  const AttemptLimits& limits);

    const Request& request() const { return current_ ? *current_ : first_; }
    Hop hop() const;
    /// The attempt's limits, with the time the earlier hops took off the total.
    AttemptLimits limits() const;

    /// After the hop under way answered `status` with a redirect to `url`: the next hop's
    /// request, or false when --max-redirs allows no more.
    bool advance(int status, std::string url);
    /// The attempt's result from its last hop's: too many redirects when that hop was one
    /// more, and sent when an earlier hop was, whatever became of the last.
    AttemptResult conclude(AttemptResult last_hop, bool redirected_again) const;

  private:
    const Request& first_;
    const TransferSettings& transfer_;
    AttemptLimits limits_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    std::optional<Request> current_;
    long redirects_ = 0;
};

}  // namespace rfetch
