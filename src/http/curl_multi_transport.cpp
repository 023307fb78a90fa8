#include "http/curl_multi_transport.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "http/curl_failure.h"

namespace rfetch {
namespace {

void check(CURLMcode code, const char* what) {
    if (code != CURLM_OK) {
        throw std::runtime_error(std::string("libcurl could not ") + what + ": " +
                                 curl_multi_strerror(code));
    }
}

}  // namespace

CurlMultiTransport::CurlMultiTransport(ExchangeSettings settings, int wakeup_fd)
    : settings_(std::move(settings)), wakeup_fd_(wakeup_fd), multi_(curl_multi_init()) {
    if (!multi_) {
        throw std::runtime_error("libcurl could not create a multi handle");
    }
}

CurlMultiTransport::~CurlMultiTransport() {
    for (auto& [easy, transfer] : transfers_) {
        curl_multi_remove_handle(multi_.get(), easy);
    }
}

void CurlMultiTransport::start(TransferId id, const Request& request,
                               const std::vector<Header>& attempt_headers,
                               const AttemptLimits& limits, BodySink& body) {
    Transfer transfer;
    transfer.id = id;
    if (idle_.empty()) {
        transfer.easy.reset(curl_easy_init());
        if (!transfer.easy) {
            throw std::runtime_error("libcurl could not create a handle");
        }
    } else {
        transfer.easy = std::move(idle_.back());
        idle_.pop_back();
    }
    transfer.chain = std::make_unique<RedirectChain>(request, settings_.transfer, limits);
    transfer.attempt_headers = attempt_headers;
    transfer.body = &body;
    try {
        begin_hop(transfer);
    } catch (const std::exception& error) {
        // This transfer alone fails; it ends at the next turn, as any other would.
        AttemptResult result;
        result.failure = internal_failure(error);
        result.request_sent = false;
        failed_to_start_.push_back({id, std::move(result)});
        transfer.exchange.reset();
        idle_.push_back(std::move(transfer.easy));
        return;
    }
    CURL* easy = transfer.easy.get();
    transfers_.emplace(easy, std::move(transfer));
}

void CurlMultiTransport::begin_hop(Transfer& transfer) {
    CURL* easy = transfer.easy.get();
    transfer.exchange.reset();
    transfer.exchange = std::make_unique<CurlExchange>(
        easy, settings_, transfer.chain->request(), transfer.attempt_headers,
        transfer.chain->limits(), *transfer.body, transfer.chain->hop());
    check(curl_multi_add_handle(multi_.get(), easy), "start a transfer");
}

void CurlMultiTransport::perform() {
    int running = 0;
    check(curl_multi_perform(multi_.get(), &running), "move the transfers along");
}

void CurlMultiTransport::end(CURL* easy, CURLcode code, std::vector<Completion>& ended) {
    const auto found = transfers_.find(easy);
    Transfer& transfer = found->second;
    AttemptResult result;
    try {
        const auto redirect = transfer.exchange->redirect(code);
        if (redirect && transfer.chain->advance(redirect->status, redirect->url)) {
            // The same handle sends the next request, and the attempt goes on.
            curl_multi_remove_handle(multi_.get(), easy);
            begin_hop(transfer);
            return;
        }
        result = transfer.chain->conclude(transfer.exchange->conclude(code), redirect.has_value());
    } catch (const std::exception& error) {
        result.failure = internal_failure(error);
    }
    ended.push_back({transfer.id, std::move(result)});
    curl_multi_remove_handle(multi_.get(), easy);
    transfer.exchange.reset();
    idle_.push_back(std::move(transfer.easy));
    transfers_.erase(found);
}

void CurlMultiTransport::cancel(TransferId id) {
    std::erase_if(failed_to_start_, [id](const Completion& ended) { return ended.id == id; });
    const auto found =
        std::ranges::find_if(transfers_, [id](const auto& entry) { return entry.second.id == id; });
    if (found == transfers_.end()) {
        return;
    }
    // Removing the handle closes its connection mid-transfer; the handle is reset before reuse.
    curl_multi_remove_handle(multi_.get(), found->first);
    found->second.exchange.reset();
    idle_.push_back(std::move(found->second.easy));
    transfers_.erase(found);
}

void CurlMultiTransport::collect_ended(std::vector<Completion>& ended) {
    int queued = 0;
    while (const CURLMsg* message = curl_multi_info_read(multi_.get(), &queued)) {
        if (message->msg == CURLMSG_DONE) {
            end(message->easy_handle, message->data.result, ended);
        }
    }
}

auto CurlMultiTransport::run_for(Duration timeout) -> std::vector<Completion> {
    std::vector<Completion> ended = std::exchange(failed_to_start_, {});
    if (!settings_.interrupted()) {
        perform();
        collect_ended(ended);
    }
    if (ended.empty() && !settings_.interrupted()) {
        curl_waitfd signal_pipe{wakeup_fd_, CURL_WAIT_POLLIN, 0};
        const unsigned extra = wakeup_fd_ >= 0 ? 1 : 0;
        const int millis = static_cast<int>(std::clamp<Duration::rep>(timeout.count(), 0, 60'000));
        check(curl_multi_poll(multi_.get(), &signal_pipe, extra, millis, nullptr),
              "wait for the transfers");
        perform();
        collect_ended(ended);
    }
    if (settings_.interrupted()) {
        // Every transfer stops now, as one alone would through its progress callback.
        while (!transfers_.empty()) {
            end(transfers_.begin()->first, CURLE_ABORTED_BY_CALLBACK, ended);
        }
    }
    return ended;
}

}  // namespace rfetch
