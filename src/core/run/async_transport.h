#pragma once

#include <cstddef>
#include <vector>

#include "core/base/transport.h"

namespace rfetch {

/// Performs many HTTP exchanges at once on the calling thread. The libcurl multi transport is
/// the real one; tests script a fake.
class AsyncTransport {
  public:
    /// The caller's name for a transfer; at most one transfer has it at a time.
    using TransferId = std::size_t;

    struct Completion {
        TransferId id = 0;
        AttemptResult result;
    };

    virtual ~AsyncTransport() = default;

    /// Starts sending `request` with `attempt_headers` added; the body goes to `body` as it
    /// arrives. `request` and `body` must outlive the transfer.
    virtual void start(TransferId id, const Request& request,
                       const std::vector<Header>& attempt_headers, const AttemptLimits& limits,
                       BodySink& body) = 0;

    /// Moves the transfers along for at most `timeout` and returns those that ended, sooner
    /// when one ends or a signal arrives. A signal ends every transfer as aborted.
    virtual std::vector<Completion> run_for(Duration timeout) = 0;

    /// Ends a transfer under way at once; it is never returned as ended. Nothing when no
    /// transfer has this id.
    virtual void cancel(TransferId id) = 0;

    /// How many transfers have started and not yet been returned as ended.
    virtual std::size_t in_flight() const = 0;
};

}  // namespace rfetch
