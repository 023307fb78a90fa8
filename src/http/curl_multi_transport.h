#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/run/async_transport.h"
#include "http/curl_exchange.h"
#include "http/curl_handle.h"
#include "http/redirect_chain.h"

namespace rfetch {

struct CurlMultiDeleter {
    void operator()(CURLM* handle) const { curl_multi_cleanup(handle); }
};
using CurlMulti = std::unique_ptr<CURLM, CurlMultiDeleter>;

/// The asynchronous transport: every transfer on one libcurl multi handle, driven from the
/// calling thread. Transfers share the multi handle's connection and DNS caches, so a URL's
/// retry and the next URL to the same host reuse a connection that is still good.
class CurlMultiTransport final : public AsyncTransport {
  public:
    /// `wakeup_fd`, when not -1, is polled beside the transfers: readable means a signal came.
    /// `watched_fd`, asked at each turn, names a descriptor polled beside them too, with no
    /// events asked, or -1: its hang-up (stdout's reader going away) ends the turn, and the
    /// redirect waits whose body's reader has gone with it.
    CurlMultiTransport(ExchangeSettings settings, int wakeup_fd,
                       std::function<int()> watched_fd = nullptr);
    ~CurlMultiTransport() override;
    CurlMultiTransport(const CurlMultiTransport&) = delete;
    CurlMultiTransport& operator=(const CurlMultiTransport&) = delete;

    void start(TransferId id, const Request& request, const std::vector<Header>& attempt_headers,
               const AttemptLimits& limits, BodySink& body) override;
    std::vector<Completion> run_for(Duration timeout) override;
    void cancel(TransferId id) override;
    std::size_t in_flight() const override { return transfers_.size() + failed_to_start_.size(); }

  private:
    /// A transfer that waits for a redirect's Retry-After before it follows the redirect.
    struct Parked {
        Redirect redirect;
        RedirectWait wait;
        /// How the redirect's exchange ended, for its result should a signal end the wait.
        CURLcode code = CURLE_OK;
        std::chrono::steady_clock::time_point since;
        std::chrono::steady_clock::time_point due;
    };

    struct Transfer {
        TransferId id = 0;
        CurlEasy easy;
        /// The attempt's requests, one per redirect rfetch follows itself.
        std::unique_ptr<RedirectChain> chain;
        std::vector<Header> attempt_headers;
        BodySink* body = nullptr;
        std::unique_ptr<CurlExchange> exchange;
        std::optional<Parked> parked;
    };

    /// Sets the handle up for the chain's request under way and hands it to libcurl.
    void begin_hop(Transfer& transfer);
    void perform();
    void collect_ended(std::vector<Completion>& ended);
    void end(CURL* easy, CURLcode code, std::vector<Completion>& ended);
    /// After a hop ended with `code`: true when the attempt ended there, with `result`; false
    /// when it goes on, with the next hop or a wait before it.
    bool attempt_ends(Transfer& transfer, CURLcode code, AttemptResult& result);
    /// A parked transfer's wait has ended: it is kept with the attempt.
    static void note_waited(Transfer& transfer);
    /// Sends the next request of every transfer whose wait is over.
    void resume_due(std::vector<Completion>& ended);
    /// Ends the redirect wait of every transfer whose body's reader has gone: nothing more is
    /// sent for a body that no one reads.
    void end_waits_without_reader(std::vector<Completion>& ended);
    /// How long until the first parked transfer's wait is over, when one waits.
    std::optional<Duration> until_next_due() const;
    /// Ends a transfer with `result`, and keeps its handle for the next.
    void retire(CURL* easy, AttemptResult result, std::vector<Completion>& ended);

    ExchangeSettings settings_;
    int wakeup_fd_;
    std::function<int()> watched_fd_;
    CurlMulti multi_;
    std::unordered_map<CURL*, Transfer> transfers_;
    /// Transfers that failed before libcurl had them, returned by the next run_for.
    std::vector<Completion> failed_to_start_;
    /// Handles whose transfer ended, kept for the next one: a fresh handle costs allocations.
    std::vector<CurlEasy> idle_;
};

}  // namespace rfetch
