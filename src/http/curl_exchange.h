#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "core/base/transport.h"
#include "http/curl_handle.h"
#include "http/libcurl_source.h"
#include "http/redirect_chain.h"

namespace rfetch {

/// Hears how much of a body has arrived, and of how much (0 when unknown).
using DownloadListener = std::function<void(std::uint64_t received, std::uint64_t total)>;

/// What every attempt of an invocation shares: how to transfer, and whom to ask or tell.
struct ExchangeSettings {
    TransferSettings transfer;
    /// Polled during transfers; when it turns true the attempt stops with FailureKind::aborted.
    std::function<bool()> interrupted;
    DownloadListener on_download;
    /// The cookies every attempt and every URL share (-b FILE, -c), when they are kept.
    CURLSH* cookies = nullptr;
    /// The longest wait a redirect's Retry-After may ask for (--max-retry-after).
    Duration longest_redirect_wait{120'000};
    /// Waits before following a redirect, in the blocking transport; false when a signal cut
    /// the wait short. The multi transport waits in its own loop instead.
    std::function<bool(Duration)> wait_for = nullptr;
    /// --libcurl: the options the first exchange sets go here as well.
    LibcurlSource* libcurl_source = nullptr;
};

/// Sets up a new easy handle for what lasts as long as it does: curl's --alt-svc cache, which
/// libcurl reads from its files here, keeps through curl_easy_reset, and writes back to the
/// last file when the handle is cleaned up, as curl does.
void prepare_new_handle(CURL* easy, const TransferSettings& transfer);

/// One attempt on one easy handle: sets the handle up for it, gathers the response as libcurl
/// hands it over, and says how it ended. The blocking and the multi transport share it.
class CurlExchange {
  public:
    /// The response as libcurl hands it over, piece by piece, and why rfetch stopped it, if it
    /// did. libcurl's callbacks see only this.
    struct State {
        Response response;
        BodySink* sink = nullptr;
        bool body_started = false;
        std::uint64_t body_bytes = 0;
        /// The bytes of the body that earlier attempts delivered, when this one continues it.
        std::uint64_t body_before = 0;
        CURL* easy = nullptr;
        const ExchangeSettings* settings = nullptr;
        Duration stall{0};
        std::chrono::steady_clock::time_point last_activity = std::chrono::steady_clock::now();
        std::size_t head_bytes = 0;
        curl_off_t bytes_moved = 0;
        std::optional<Failure> stopped;
        /// The sink wanted no body of this final response, so the transfer stopped at its head.
        bool body_declined = false;
        /// rfetch, not libcurl, follows this exchange's redirects (Hop::libcurl_follows).
        bool follow_myself = false;
        /// The head was a redirect rfetch follows: its body goes nowhere.
        bool redirecting = false;
        /// The head was a redirect libcurl would follow whose Retry-After asks for a wait: the
        /// transfer stopped there, and rfetch follows it after the wait.
        bool stopped_for_redirect = false;
        /// The wait the last redirect's Retry-After asked for, read as its head arrived.
        std::optional<Duration> asked_wait;
    };

    /// Resets `easy` and sets it up to send `request`. Everything passed in must outlive the
    /// exchange, and the exchange must outlive the transfer. Throws CurlOptionRefused when
    /// libcurl refuses an option the attempt needs, leaving the handle reset.
    CurlExchange(CURL* easy, const ExchangeSettings& settings, const Request& request,
                 const std::vector<Header>& attempt_headers, const AttemptLimits& limits,
                 BodySink& body, const Hop& hop);
    /// Resets the handle, which would otherwise keep pointers into the exchange.
    ~CurlExchange();
    CurlExchange(const CurlExchange&) = delete;
    CurlExchange& operator=(const CurlExchange&) = delete;

    /// Once libcurl is done with the transfer, with its result code: what the attempt got.
    AttemptResult conclude(CURLcode code);

    /// Once libcurl is done with the transfer: the redirect rfetch is to follow itself, if the
    /// response was one.
    std::optional<Redirect> redirect(CURLcode code) const;

  private:
    void configure(const ExchangeSettings& settings, const std::vector<Header>& attempt_headers,
                   const AttemptLimits& limits, BodySink& body, const Hop& hop);
    /// --resolve, --connect-to, -4 and -6, for HTTP and tcp:// targets alike.
    void configure_addressing(const TransferSettings& transfer);
    /// For a tcp:// target: connect, and nothing more.
    void configure_connect_only(const TransferSettings& transfer, const AttemptLimits& limits);

    const Request& request_;
    bool connect_only_ = false;
    State state_;
    CurlSlist headers_;
    CurlSlist proxy_headers_;
    CurlSlist resolve_;
    CurlSlist connect_to_;
    char error_[CURL_ERROR_SIZE] = {};
};

}  // namespace rfetch
