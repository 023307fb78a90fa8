#include "http/redirect_chain.h"

#include <algorithm>

#include "core/retry/redirect.h"
#include "http/curl_failure.h"

namespace rfetch {

RedirectChain::RedirectChain(const Request& first, const TransferSettings& transfer,
                             const AttemptLimits& limits)
    : first_(first), transfer_(transfer), limits_(limits) {}

Hop RedirectChain::hop() const {
    Hop hop;
    hop.libcurl_follows = transfer_.follow_redirects && libcurl_follows_correctly(request());
    hop.max_redirects = transfer_.max_redirects - redirects_;
    hop.send_credentials = same_origin(first_, request());
    return hop;
}

AttemptLimits RedirectChain::limits() const {
    AttemptLimits limits = limits_;
    if (limits.total && redirects_ > 0) {
        // Rounded down, so a hop cut by the deadline ends at or after it, never just before.
        const auto spent =
            std::chrono::floor<Duration>(std::chrono::steady_clock::now() - started_);
        // Never 0, which libcurl reads as no limit: a spent limit still ends the next hop.
        limits.total = std::max(Duration{1}, *limits.total - spent);
    }
    return limits;
}

bool RedirectChain::advance(int status, std::string url) {
    if (redirects_ >= transfer_.max_redirects) {
        return false;
    }
    ++redirects_;
    current_ = redirected_request(first_, request(), status, std::move(url));
    return true;
}

AttemptResult RedirectChain::conclude(AttemptResult last_hop, bool redirected_again) const {
    if (redirected_again) {
        last_hop.failure = too_many_redirects(transfer_.max_redirects);
    }
    // A server that redirected has had a request: a connect failure on the way to the next one
    // does not make a repeat safe.
    last_hop.request_sent = last_hop.request_sent || redirects_ > 0;
    if (last_hop.response && redirects_ > 0) {
        // As libcurl's total when it follows: the whole attempt, every hop included.
        last_hop.response->timings.total = std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - started_);
    }
    return last_hop;
}

}  // namespace rfetch
