#pragma once

#include "core/base/clock.h"

namespace rfetch {

/// The real clock. Its waits end early when a signal arrives, or when stdout's reader goes
/// while it is watched (see watch_stdout_reader).
class SystemClock final : public Clock {
  public:
    TimePoint now() const override { return std::chrono::steady_clock::now(); }
    WallTime wall_now() const override { return std::chrono::system_clock::now(); }
    bool wait_for(Duration d) override;
};

}  // namespace rfetch
