#pragma once

#include <memory>

#include "core/base/clock.h"
#include "core/state/cooperation.h"

namespace rfetch {

/// How long an attempt is held before it may start, and what holds it.
struct PacerHold {
    Duration wait{0};
    WaitReason why = WaitReason::quota;
};

/// Paces the attempts of a run against what other runs of the same origin learnt: the engine
/// asks it before every attempt, and tells it what each answer said of the origin's limits.
class AttemptPacer {
  public:
    virtual ~AttemptPacer() = default;

    /// Before an attempt: how long it must wait first, and why; zero lets it go. `now` paces
    /// within this process; `wall_now` compares with times other processes stored.
    virtual PacerHold wait_before_attempt(TimePoint now, WallTime wall_now) = 0;

    /// After a response that said the origin's quota is spent and comes back in `reset`.
    virtual void quota_spent(WallTime now, Duration reset) = 0;

    /// After each response, to a request sent `in_flight` before `now`: `throttled` when it
    /// asked the client to slow down.
    virtual void answered(WallTime now, Duration in_flight, bool throttled) {
        static_cast<void>(now);
        static_cast<void>(in_flight);
        static_cast<void>(throttled);
    }
};

/// A pacer laid over another, optional one: the inner one may hold an attempt first, and hears
/// of every answer, so that one pace laid over another loses neither.
class LayeredPacer : public AttemptPacer {
  public:
    explicit LayeredPacer(std::unique_ptr<AttemptPacer> inner) : inner_(std::move(inner)) {}

    void quota_spent(WallTime now, Duration reset) override {
        if (inner_) {
            inner_->quota_spent(now, reset);
        }
    }
    void answered(WallTime now, Duration in_flight, bool throttled) override {
        if (inner_) {
            inner_->answered(now, in_flight, throttled);
        }
    }

  protected:
    /// How long the inner pacer holds the attempt; nothing without one.
    PacerHold inner_hold(TimePoint now, WallTime wall_now) {
        return inner_ ? inner_->wait_before_attempt(now, wall_now) : PacerHold{};
    }

  private:
    std::unique_ptr<AttemptPacer> inner_;
};

}  // namespace rfetch
