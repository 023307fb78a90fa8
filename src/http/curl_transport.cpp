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
}

AttemptResult CurlTransport::perform(const Request& request,
                                     const std::vector<Header>& attempt_headers,
                                     const AttemptLimits& limits, BodySink& body) {
    bool performed = false;
    try {
        RedirectChain chain(request, settings_.transfer, limits);
        while (true) {
            CurlExchange exchange(easy_.get(), settings_, chain.request(), attempt_headers,
                                  chain.limits(), body, chain.hop());
            performed = true;
            const CURLcode code = curl_easy_perform(easy_.get());
            const auto redirect = exchange.redirect(code);
            if (!redirect || !chain.advance(redirect->status, redirect->url)) {
                return chain.conclude(exchange.conclude(code), redirect.has_value());
            }
        }
    } catch (const std::exception& error) {
        AttemptResult result;
        result.failure = internal_failure(error);
        result.request_sent = performed;
        return result;
    }
}

}  // namespace rfetch
