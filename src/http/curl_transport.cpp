#include "http/curl_transport.h"

#include <stdexcept>

#include "http/curl_failure.h"

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
        CurlExchange exchange(easy_.get(), settings_, request, attempt_headers, limits, body);
        performed = true;
        return exchange.conclude(curl_easy_perform(easy_.get()));
    } catch (const std::exception& error) {
        AttemptResult result;
        result.failure = internal_failure(error);
        result.request_sent = performed;
        return result;
    }
}

}  // namespace rfetch
