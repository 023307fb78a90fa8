#pragma once

#include <chrono>

#include "core/base/duration.h"

namespace rfetch {

using TimePoint = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;

/// Reads an HTTP-date in any of the three forms RFC 9110 §5.6.7 asks recipients to accept.
/// The core does not parse dates itself: the transport layer lends libcurl's parser.
using HttpDateParser = std::optional<WallTime> (*)(std::string_view);

/// Time as the engine sees it. The real one sleeps; the tests' one only moves a number.
class Clock {
  public:
    virtual ~Clock() = default;
    /// Monotonic time, for elapsed times and the deadline.
    virtual TimePoint now() const = 0;
    /// Calendar time, for HTTP-dates and log timestamps.
    virtual WallTime wall_now() const = 0;
    /// Waits for `d`. Returns false when a signal, or the going of the body's reader, cut the
    /// wait short.
    virtual bool wait_for(Duration d) = 0;
};

}  // namespace rfetch
