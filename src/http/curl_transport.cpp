#include "http/curl_transport.h"

#include <stdexcept>

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
    CurlExchange exchange(easy_.get(), settings_, request, attempt_headers, limits, body);
    return exchange.conclude(curl_easy_perform(easy_.get()));
}

}  // namespace rfetch
