#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/transport.h"
#include "core/run/hedge_policy.h"

namespace rfetch {

/// One attempt sent as a race of requests: the first and its hedges. Each request's body is
/// held apart until the race has its result, so that only that request's body reaches the
/// run's sink, once.
class HedgeRace {
  public:
    /// `sink` is the run's: it answers for every request whether a body is wanted, where it
    /// starts and whether its reader is gone, and receives the chosen request's body.
    HedgeRace(BodySink& sink, HedgePolicy policy, TimePoint started);
    ~HedgeRace();
    HedgeRace(const HedgeRace&) = delete;
    HedgeRace& operator=(const HedgeRace&) = delete;

    /// Adds a request to the race and returns its number (0 for the first, then 1, 2, …) and
    /// the sink that holds its body. The first is always allowed; a hedge only while
    /// next_hedge_due() is set.
    int add_request();
    BodySink& body(int request);

    /// When the next hedge is due, while the policy allows one and the race is not decided.
    std::optional<TimePoint> next_hedge_due() const;

    /// Hears of a request's end. `good` says whether its result ends the run.
    RaceEnd end_request(int request, bool good);

    /// The requests still running, to be cancelled once the race is decided.
    std::vector<int> running() const;

    /// Gives the run's sink the chosen request's body and its result; a sink's refusal of the
    /// body becomes the result's failure, as it would have inside the transfer.
    AttemptResult deliver(int request, AttemptResult result);

    int hedges_sent() const { return static_cast<int>(requests_.size()) - 1; }
    bool decided() const { return decided_; }

  private:
    class HeldBody;

    BodySink& sink_;
    HedgePolicy policy_;
    TimePoint started_;
    std::vector<std::unique_ptr<HeldBody>> requests_;
    bool decided_ = false;
};

}  // namespace rfetch
