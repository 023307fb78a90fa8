#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "core/base/clock.h"
#include "core/run/engine.h"

namespace rfetch {

/// What a person at a terminal sees while rfetch works, on one line of stderr: a bar for a
/// download over 1 MiB, and a countdown that says why while waiting to retry. Each attempt's
/// log line clears it first, so the log reads as it would without it.
class TerminalProgress final : public AttemptObserver, public Clock {
  public:
    TerminalProgress(std::FILE* out, AttemptObserver& log, Clock& clock)
        : out_(out), log_(log), clock_(clock) {}

    /// From the transport, as bytes arrive; `total` is 0 when the size is unknown.
    void on_download(std::uint64_t received, std::uint64_t total);
    /// Takes the line away, before the run's last words.
    void clear();

    void on_attempt(const AttemptRecord& record) override;
    void on_waiting(WaitReason why) override;
    void on_wait(const WaitRecord& record) override;
    void on_hedge(const HedgeRecord& record) override;

    TimePoint now() const override { return clock_.now(); }
    WallTime wall_now() const override { return clock_.wall_now(); }
    /// Waits in short steps, redrawing the countdown between them.
    bool wait_for(Duration d) override;
    /// The wait a redirect's Retry-After asks for, inside an attempt (up to
    /// --max-retry-after): shown as the waits between attempts are.
    bool wait_to_follow(Duration d);

  private:
    void draw(const std::string& line);

    std::FILE* out_;
    AttemptObserver& log_;
    Clock& clock_;
    bool drawn_ = false;
    std::string why_waiting_;
    /// Waiting for other runs or the origin's limits: no countdown, since the wait ends when
    /// they say so.
    std::optional<WaitReason> waiting_for_;
    TimePoint download_started_{};
    std::uint64_t last_received_ = 0;
    TimePoint next_draw_{};
};

}  // namespace rfetch
