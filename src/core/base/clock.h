#pragma once

#include <chrono>

#include "core/base/duration.h"

namespace rfetch {

using TimePoint = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;

/// Time as the engine sees it. The real one sleeps; the tests' one only moves a number.
class Clock {
  public:
    virtual ~Clock() = default;
    /// Monotonic time, for elapsed times and the deadline.
    virtual TimePoint now() const = 0;
    /// Calendar time, for HTTP-dates and log timestamps.
    virtual WallTime wall_now() const = 0;
    /// Waits for `d`. Returns false when a signal cut the wait short.
    virtual bool wait_for(Duration d) = 0;
};

}  // namespace rfetch
