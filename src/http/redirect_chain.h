#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/transport.h"

namespace rfetch {

/// What one exchange of an attempt may do about redirects.
struct Hop {
    /// libcurl follows this hop's redirects itself; otherwise the exchange stops at a 3xx and
    /// rfetch sends the next request (see libcurl_follows_correctly). libcurl's following stops
    /// too at a redirect whose Retry-After asks for a wait: rfetch waits, then follows it.
    bool libcurl_follows = false;
    /// What is left of --max-redirs for libcurl's CURLOPT_MAXREDIRS: -1 for no limit.
    long max_redirects = 0;
    /// -u goes only to the origin of the attempt's first request, as libcurl's own following
    /// does, unless --location-trusted sends it to every host.
    bool send_credentials = true;
    /// With curl's -e ';auto': the URL whose redirect led to this hop, which libcurl's own
    /// following would send as the Referer.
    std::optional<std::string> referer;
    /// A redirect led to this hop: curl's --proto-redir holds for its URL.
    bool redirected = false;
};

/// A redirect an exchange ended at, for rfetch to follow.
struct Redirect {
    int status = 0;
    /// The URL that answered with the redirect.
    std::string from;
    /// The Location, resolved against the URL that answered.
    std::string url;
    /// The method of the request that was redirected, and how many redirects libcurl followed
    /// itself before it, in the same exchange.
    std::string method;
    long followed_by_libcurl = 0;
    /// The bytes of the requests the exchange sent, heads and bodies.
    std::uint64_t request_bytes = 0;
    /// The wait the redirect's Retry-After asked for, when it asked for one, read once as its
    /// head arrived.
    std::optional<Duration> asked_wait;
};

/// One attempt's requests across the redirects rfetch follows itself: the hop under way, how
/// many came before it, the waits their Retry-After asked for, and the time they took from
/// the attempt's limit.
class RedirectChain {
  public:
    /// `longest_wait` is the longest wait a redirect's Retry-After may ask for.
    RedirectChain(const Request& first, const TransferSettings& transfer,
                  const AttemptLimits& limits, Duration longest_wait);

    const Request& request() const { return current_ ? *current_ : first_; }
    Hop hop() const;
    /// The attempt's limits, with the time the earlier hops took off the total: their requests
    /// count against it, the waits between them only against the deadline.
    AttemptLimits limits() const;

    /// Whether --max-redirs allows `redirect` to be followed.
    bool may_follow(const Redirect& redirect) const;
    /// The wait `redirect` asks for before it is followed, judged against the longest allowed
    /// and the deadline; nullopt when it asks for none.
    std::optional<RedirectWait> wait_before(const Redirect& redirect) const;
    /// Keeps a wait that has ended, or was refused, for the attempt's result.
    void waited(const RedirectWait& wait);
    /// After the hop under way ended at `redirect`, which may_follow allows: the next hop's
    /// request.
    void advance(const Redirect& redirect);
    /// The attempt's result from its last hop's: too many redirects when that hop was one
    /// more, and sent when an earlier hop was, whatever became of the last.
    AttemptResult conclude(AttemptResult last_hop, bool redirected_again) const;
    /// The attempt's result when a wait before a redirect was cut short, from the redirect's
    /// hop's: the body's reader has gone (a write failure), or else a signal came.
    AttemptResult conclude_cut_short(AttemptResult last_hop, const BodySink& body) const;

  private:
    std::optional<Duration> time_left() const;
    Duration elapsed() const;

    const Request& first_;
    const TransferSettings& transfer_;
    AttemptLimits limits_;
    Duration longest_wait_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    std::optional<Request> current_;
    std::optional<std::string> referer_;
    long redirects_ = 0;
    /// When the hop under way started, and what the hops before it sent.
    std::chrono::steady_clock::time_point hop_started_ = started_;
    std::uint64_t request_bytes_ = 0;
    std::vector<RedirectWait> waits_;
    Duration waited_{0};
};

}  // namespace rfetch
