#include "http/redirect_chain.h"

#include <algorithm>

#include "core/retry/redirect.h"
#include "core/retry/redirect_wait.h"
#include "http/curl_failure.h"

namespace rfetch {

RedirectChain::RedirectChain(const Request& first, const TransferSettings& transfer,
                             const AttemptLimits& limits, Duration longest_wait)
    : first_(first), transfer_(transfer), limits_(limits), longest_wait_(longest_wait) {}

Hop RedirectChain::hop() const {
    Hop hop;
    hop.libcurl_follows = transfer_.follow_redirects && libcurl_follows_correctly(request());
    hop.max_redirects = transfer_.max_redirects ? *transfer_.max_redirects - redirects_ : -1;
    hop.send_credentials = transfer_.unrestricted_auth || same_origin(first_, request());
    hop.redirected = redirects_ > 0;
    if (transfer_.auto_referer) {
        hop.referer = referer_;
    }
    return hop;
}

Duration RedirectChain::elapsed() const {
    // Rounded down, so a hop cut by the deadline ends at or after it, never just before.
    return std::chrono::floor<Duration>(std::chrono::steady_clock::now() - started_);
}

std::optional<Duration> RedirectChain::time_left() const {
    if (!limits_.time_left) {
        return std::nullopt;
    }
    return std::max(Duration{0}, *limits_.time_left - elapsed());
}

AttemptLimits RedirectChain::limits() const {
    AttemptLimits limits = limits_;
    if (limits.total && redirects_ > 0) {
        // Never 0, which libcurl reads as no limit: a spent limit still ends the next hop.
        limits.total = std::max(Duration{1}, *limits.total - (elapsed() - waited_));
        if (const auto left = time_left()) {
            limits.total = std::max(Duration{1}, std::min(*limits.total, *left));
        }
    }
    return limits;
}

bool RedirectChain::may_follow(const Redirect& redirect) const {
    return !transfer_.max_redirects ||
           redirects_ + redirect.followed_by_libcurl < *transfer_.max_redirects;
}

std::optional<RedirectWait> RedirectChain::wait_before(const Redirect& redirect) const {
    if (!redirect.asked_wait) {
        return std::nullopt;
    }
    return judge_redirect_wait(redirect.status, *redirect.asked_wait, longest_wait_, time_left());
}

void RedirectChain::waited(const RedirectWait& wait) {
    waits_.push_back(wait);
    waited_ += wait.waited;
}

void RedirectChain::advance(const Redirect& redirect) {
    redirects_ += redirect.followed_by_libcurl + 1;
    request_bytes_ += redirect.request_bytes;
    hop_started_ = std::chrono::steady_clock::now();
    // libcurl may have followed earlier redirects of the exchange itself, and changed the
    // method on the way (a POST to a GET after a 302).
    Request previous = request();
    if (redirect.method != previous.method) {
        previous.method = redirect.method;
        if (previous.method == "GET" || previous.method == "HEAD") {
            previous.body.reset();
        }
    }
    current_ = redirected_request(first_, previous, redirect.status, redirect.url,
                                  transfer_.unrestricted_auth, transfer_.keep_post);
    referer_ = redirect.from;
}

AttemptResult RedirectChain::conclude(AttemptResult last_hop, bool redirected_again) const {
    if (redirected_again && transfer_.max_redirects) {
        last_hop.failure = too_many_redirects(*transfer_.max_redirects);
    }
    // A server that redirected has had a request: a connect failure on the way to the next one
    // does not make a repeat safe.
    last_hop.request_sent = last_hop.request_sent || redirects_ > 0;
    if (last_hop.response && redirects_ > 0) {
        // As libcurl's counts and times when it follows: the whole attempt, every hop included.
        Response& response = *last_hop.response;
        response.timings.total = std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - started_);
        response.timings.redirects +=
            std::chrono::duration_cast<std::chrono::microseconds>(hop_started_ - started_);
        response.redirects += redirects_;
        response.sent.request_bytes += request_bytes_;
    }
    last_hop.redirect_waits = waits_;
    return last_hop;
}

AttemptResult RedirectChain::conclude_cut_short(AttemptResult last_hop,
                                                const BodySink& body) const {
    AttemptResult result = conclude(std::move(last_hop), false);
    result.failure = body.reader_gone() ? reader_went_away() : aborted_by_signal();
    return result;
}

}  // namespace rfetch
