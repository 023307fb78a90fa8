#pragma once

// The blocking and the multi transport behind one call, so that every transport test runs on
// both, against servers on 127.0.0.1.

#include <optional>
#include <stdexcept>
#include <string>

#include "http/curl_exchange.h"
#include "http/curl_multi_transport.h"
#include "http/curl_transport.h"

namespace rfetch::test {

enum class Kind { blocking, multi };

/// A GET of `url`, or `method` with `body` when given.
Request request_for(const std::string& url, const std::string& method = "GET",
                    std::optional<std::string> body = std::nullopt);

class EitherTransport {
  public:
    explicit EitherTransport(Kind kind, TransferSettings transfer = {});
    /// Makes the sink decline the body of every final error, as Delivery does without
    /// --no-fail.
    void decline_error_bodies() { sink_.declines_errors = true; }
    /// Makes the sink throw when the transport asks it about its reader, from libcurl's progress
    /// callback, as code that runs out of memory inside a callback would.
    void throw_while_transferring() { sink_.throws = true; }

    /// One attempt, driven to its end; the body it received is body() until the next.
    AttemptResult perform(const Request& request, const AttemptLimits& limits = {});
    const std::string& body() const { return sink_.body; }

  private:
    struct Collect final : BodySink {
        std::string body;
        bool declines_errors = false;
        bool throws = false;
        bool wants_body(const Response& /*head*/) override { return !declines_errors; }
        bool reader_gone() const override {
            if (throws) {
                throw std::runtime_error("the sink gave up");
            }
            return false;
        }
        std::optional<Failure> on_body(const Response&, std::string_view bytes) override;
    };

    std::optional<CurlTransport> blocking_;
    std::optional<CurlMultiTransport> multi_;
    Collect sink_;
};

}  // namespace rfetch::test
