#include "http/curl_multi_transport.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

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

CurlMultiTransport::CurlMultiTransport(ExchangeSettings settings, int wakeup_fd,
                                       std::function<int()> watched_fd)
    : settings_(std::move(settings)),
      wakeup_fd_(wakeup_fd),
      watched_fd_(std::move(watched_fd)),
      multi_(curl_multi_init()) {
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
        prepare_new_handle(transfer.easy.get(), settings_.transfer);
    } else {
        transfer.easy = std::move(idle_.back());
        idle_.pop_back();
    }
    transfer.chain = std::make_unique<RedirectChain>(request, settings_.transfer, limits,
                                                     settings_.longest_redirect_wait);
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
    Transfer& transfer = transfers_.at(easy);
    AttemptResult result;
    try {
        if (transfer.parked) {
            // Only a signal, or the going of the body's reader, ends a transfer while it waits
            // to follow a redirect.
            note_waited(transfer);
            result = transfer.chain->conclude_cut_short(
                transfer.exchange->conclude(transfer.parked->code), *transfer.body);
        } else if (!attempt_ends(transfer, code, result)) {
            return;
        }
    } catch (const std::exception& error) {
        result.failure = internal_failure(error);
    }
    retire(easy, std::move(result), ended);
}

bool CurlMultiTransport::attempt_ends(Transfer& transfer, CURLcode code, AttemptResult& result) {
    RedirectChain& chain = *transfer.chain;
    const auto redirect = transfer.exchange->redirect(code);
    if (!redirect || !chain.may_follow(*redirect)) {
        result = chain.conclude(transfer.exchange->conclude(code), redirect.has_value());
        return true;
    }
    const auto wait = chain.wait_before(*redirect);
    if (wait && wait->verdict != RedirectWait::Verdict::wait) {
        chain.waited(*wait);
        result = chain.conclude(transfer.exchange->conclude(code), false);
        return true;
    }
    // The same handle sends the next request, and the attempt goes on: at once, or once the
    // wait is over, out of libcurl's hands meanwhile, so the other transfers go on.
    curl_multi_remove_handle(multi_.get(), transfer.easy.get());
    if (wait) {
        const auto now = std::chrono::steady_clock::now();
        RedirectWait waiting = *wait;
        waiting.started = std::chrono::system_clock::now();
        transfer.parked = Parked{*redirect, waiting, code, now, now + wait->asked};
        return false;
    }
    chain.advance(*redirect);
    begin_hop(transfer);
    return false;
}

void CurlMultiTransport::note_waited(Transfer& transfer) {
    RedirectWait& wait = transfer.parked->wait;
    wait.waited = std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() -
                                                       transfer.parked->since);
    transfer.chain->waited(wait);
}

void CurlMultiTransport::resume_due(std::vector<Completion>& ended) {
    const auto now = std::chrono::steady_clock::now();
    std::vector<CURL*> due;
    for (const auto& [easy, transfer] : transfers_) {
        if (transfer.parked && transfer.parked->due <= now) {
            due.push_back(easy);
        }
    }
    for (CURL* easy : due) {
        Transfer& transfer = transfers_.at(easy);
        try {
            note_waited(transfer);
            const Redirect redirect = std::move(transfer.parked->redirect);
            transfer.parked.reset();
            transfer.chain->advance(redirect);
            begin_hop(transfer);
        } catch (const std::exception& error) {
            AttemptResult result;
            result.failure = internal_failure(error);
            retire(easy, std::move(result), ended);
        }
    }
}

void CurlMultiTransport::end_waits_without_reader(std::vector<Completion>& ended) {
    std::vector<CURL*> gone;
    for (const auto& [easy, transfer] : transfers_) {
        if (transfer.parked && transfer.body->reader_gone()) {
            gone.push_back(easy);
        }
    }
    for (CURL* easy : gone) {
        end(easy, CURLE_OK, ended);
    }
}

std::optional<Duration> CurlMultiTransport::until_next_due() const {
    std::optional<std::chrono::steady_clock::time_point> next;
    for (const auto& [easy, transfer] : transfers_) {
        if (transfer.parked && (!next || transfer.parked->due < *next)) {
            next = transfer.parked->due;
        }
    }
    if (!next) {
        return std::nullopt;
    }
    // Rounded up, so the poll does not wake a hair early and spin until the wait is over.
    return std::max(Duration{0},
                    std::chrono::ceil<Duration>(*next - std::chrono::steady_clock::now()));
}

void CurlMultiTransport::retire(CURL* easy, AttemptResult result, std::vector<Completion>& ended) {
    const auto found = transfers_.find(easy);
    Transfer& transfer = found->second;
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
        resume_due(ended);
        perform();
        collect_ended(ended);
    }
    if (ended.empty() && !settings_.interrupted()) {
        std::vector<curl_waitfd> beside;
        if (wakeup_fd_ >= 0) {
            beside.push_back({wakeup_fd_, CURL_WAIT_POLLIN, 0});
        }
        // No events asked: poll() reports a hang-up whatever was asked, and curl_multi_poll
        // returns on it, though it does not say so.
        if (const int watched = watched_fd_ ? watched_fd_() : -1; watched >= 0) {
            beside.push_back({watched, 0, 0});
        }
        const Duration wait = std::min(timeout, until_next_due().value_or(timeout));
        const int millis = static_cast<int>(std::clamp<Duration::rep>(wait.count(), 0, 60'000));
        check(curl_multi_poll(multi_.get(), beside.data(), static_cast<unsigned>(beside.size()),
                              millis, nullptr),
              "wait for the transfers");
        end_waits_without_reader(ended);
        resume_due(ended);
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
