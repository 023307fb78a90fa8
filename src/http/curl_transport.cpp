#include "http/curl_transport.h"

#include <stdexcept>
#include <string>

#include "http/curl_failure.h"
#include "http/redirect_chain.h"

namespace rfetch {

CurlTransport::CurlTransport(ExchangeSettings settings)
    : settings_(std::move(settings)), easy_(curl_easy_init()) {
    if (!easy_) {
        throw std::runtime_error("libcurl could not create a handle");
    }
    prepare_new_handle(easy_.get(), settings_.transfer);
}

AttemptResult CurlTransport::perform(const Request& request,
                                     const std::vector<Header>& attempt_headers,
                                     const AttemptLimits& limits, BodySink& body) {
    bool performed = false;
    try {
        RedirectChain chain(request, settings_.transfer, limits, settings_.longest_redirect_wait);
        while (true) {
            CurlExchange exchange(easy_.get(), settings_, chain.request(), attempt_headers,
                                  chain.limits(), body, chain.hop());
            performed = true;
            const CURLcode code = curl_easy_perform(easy_.get());
            const auto redirect = exchange.redirect(code);
            if (!redirect || !chain.may_follow(*redirect)) {
                return chain.conclude(exchange.conclude(code), redirect.has_value());
            }
            if (auto wait = chain.wait_before(*redirect)) {
                if (wait->verdict != RedirectWait::Verdict::wait) {
                    chain.waited(*wait);
                    return chain.conclude(exchange.conclude(code), false);
                }
                const bool completed = wait_out(*wait);
                chain.waited(*wait);
                if (!completed) {
                    return chain.conclude_cut_short(exchange.conclude(code), body);
                }
            }
            chain.advance(*redirect);
        }
    } catch (const std::exception& error) {
        AttemptResult result;
        result.failure = internal_failure(error);
        result.request_sent = performed;
        return result;
    }
}

bool CurlTransport::wait_out(RedirectWait& wait) const {
    wait.started = std::chrono::system_clock::now();
    const auto start = std::chrono::steady_clock::now();
    const bool completed = settings_.wait_for(wait.asked);
    wait.waited = std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - start);
    return completed;
}

}  // namespace rfetch
