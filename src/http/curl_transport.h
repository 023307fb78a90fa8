#pragma once

#include "core/base/transport.h"
#include "http/curl_exchange.h"
#include "http/curl_handle.h"

namespace rfetch {

/// The blocking transport: one libcurl easy handle, reset and reconfigured for every attempt.
class CurlTransport final : public Transport {
  public:
    explicit CurlTransport(ExchangeSettings settings);

    AttemptResult perform(const Request& request, const std::vector<Header>& attempt_headers,
                          const AttemptLimits& limits, BodySink& body) override;

  private:
    /// Waits what `wait` asks, noting when and for how long; false when a signal cut it short.
    bool wait_out(RedirectWait& wait) const;

    ExchangeSettings settings_;
    CurlEasy easy_;
};

}  // namespace rfetch
