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
/// run's sink, once. A body that outgrows HedgePolicy::most_held elects its request: it streams
/// to the run's sink from then on, and the others are to be cancelled (outrun()).
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

    /// When the next hedge is due, while the policy allows one, the race is not decided and no
    /// request has answered yet: once one has, the origin is not stalled, and a hedge would
    /// only fetch the same body again.
    std::optional<TimePoint> next_hedge_due() const;

    /// Hears of a request's end. `good` says whether its result ends the run. Once a request
    /// is elected, its end is the attempt's, and any other's is set aside.
    RaceEnd end_request(int request, bool good);

    /// Once a request is elected: the others still running, now counted as cancelled, for the
    /// caller to cancel. Empty before an election, and after the first call that follows it.
    std::vector<int> outrun();

    /// The requests still running, to be cancelled once the race is decided.
    std::vector<int> running() const;

    /// Gives the run's sink the chosen request's body and its result; a sink's refusal of the
    /// body becomes the result's failure, as it would have inside the transfer.
    AttemptResult deliver(int request, AttemptResult result);

    int hedges_sent() const { return static_cast<int>(requests_.size()) - 1; }
    /// The requests outrun() let go.
    int cancelled() const { return cancelled_; }
    bool decided() const { return decided_; }

  private:
    class HeldBody;

    BodySink& sink_;
    HedgePolicy policy_;
    TimePoint started_;
    std::vector<std::unique_ptr<HeldBody>> requests_;
    bool decided_ = false;
    /// A request has a response: its body, or a head asked about.
    bool answered_ = false;
    /// The request whose body outgrew what may be held, and streams.
    std::optional<int> elected_;
    int cancelled_ = 0;
};

}  // namespace rfetch
