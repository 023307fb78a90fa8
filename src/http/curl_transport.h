#pragma once

#include <cstdint>
#include <functional>

#include "core/transport.h"
#include "http/curl_handle.h"

namespace rfetch {

/// The real transport: one libcurl easy handle, reset and reconfigured for every attempt.
class CurlTransport final : public Transport {
  public:
    /// Hears how much of a body has arrived, and of how much (0 when unknown).
    using DownloadListener = std::function<void(std::uint64_t received, std::uint64_t total)>;

    /// `interrupted` is polled during transfers; when it turns true the attempt stops with
    /// FailureKind::aborted.
    CurlTransport(TransferSettings settings, std::function<bool()> interrupted,
                  DownloadListener on_download = {});

    AttemptResult perform(const Request& request, const std::vector<Header>& attempt_headers,
                          const AttemptLimits& limits, BodySink& body) override;

  private:
    void configure(const Request& request, const std::vector<Header>& attempt_headers,
                   const AttemptLimits& limits, CurlSlist& headers);

    TransferSettings settings_;
    std::function<bool()> interrupted_;
    DownloadListener on_download_;
    CurlEasy easy_;
    char error_[CURL_ERROR_SIZE] = {};
};

}  // namespace rfetch
