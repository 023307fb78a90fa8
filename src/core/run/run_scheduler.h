#pragma once

#include <cstddef>
#include <functional>

#include "core/base/clock.h"
#include "core/run/async_transport.h"
#include "core/run/retry_run.h"

namespace rfetch {

/// Drives many runs on one thread: their attempts go to an asynchronous transport and their
/// waits are timers, so no run holds a thread while it waits to retry.
class RunScheduler {
  public:
    /// At most `max_active` runs are under way at once; a run keeps its place through its waits,
    /// so a URL that is retrying is never starved by the URLs behind it. `interrupted` turns
    /// true when a signal asks rfetch to stop.
    RunScheduler(AsyncTransport& transport, Clock& clock, std::size_t max_active,
                 std::function<bool()> interrupted);

    /// Whether the runs are polls that wait for their targets together, each polling again
    /// while it is ready (PollingPolicy::keep_polling_when_ready). Then the scheduler ends them
    /// all as soon as every run still polling is ready, and ends the others as soon as one fails
    /// in a way that waiting longer cannot mend or gives up before the deadline; a run that met
    /// the deadline leaves the others to meet it too.
    void wait_together(bool together) { together_ = together; }

    /// Asked before each run starts: once it holds, no further run starts, and those under way
    /// go on to their end (curl's --fail-early, after a run failed). The runs never started are
    /// neither made nor heard of.
    void stop_starting_when(std::function<bool()> stop) { stop_starting_ = std::move(stop); }

    /// Makes the run with this index just before it starts. The run must live until `on_done`
    /// for it returns, so that only the runs under way take memory.
    using RunMaker = std::function<RetryRun&(std::size_t index)>;
    /// Hears of a run, by its index, as soon as it has ended.
    using RunDone = std::function<void(std::size_t index)>;

    /// Starts `count` runs in index order and drives each to its end; they end in whatever
    /// order they end. After a signal no run starts; those not yet started end as interrupted.
    void run(std::size_t count, const RunMaker& make, const RunDone& on_done);

  private:
    AsyncTransport& transport_;
    Clock& clock_;
    std::size_t max_active_;
    std::function<bool()> interrupted_;
    bool together_ = false;
    std::function<bool()> stop_starting_;
};

}  // namespace rfetch
