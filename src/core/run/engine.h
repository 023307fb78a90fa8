#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/base/clock.h"
#include "core/base/transport.h"
#include "core/retry/decision.h"
#include "core/retry/retry_decider.h"
#include "core/run/delivery.h"
#include "core/state/attempt_pacer.h"
#include "core/state/run_guard.h"

namespace rfetch {

/// The limits on time that hold for the whole run.
struct RunLimits {
    std::optional<Duration> deadline;
    std::optional<Duration> attempt_timeout;
    Duration connect_timeout{10'000};
    Duration stall_timeout{30'000};
};

/// Everything the log and the caller need to know about one attempt.
struct AttemptRecord {
    int attempt = 0;
    std::string method;
    std::string url;
    WallTime started;
    Duration elapsed{0};
    std::optional<int> status;
    std::optional<Failure> failure;
    std::optional<std::string> retry_after;
    Decision decision;
    std::vector<Header> attempt_headers;
    /// The first byte asked for, when the attempt asked for the rest of a body with Range.
    std::optional<std::uint64_t> resumed_from;
    /// Body bytes that arrived in this attempt (decoded), kept or not.
    std::uint64_t bytes_received = 0;
    /// With hedging: how many hedges the attempt sent, which request's result this record
    /// holds (0 the first, N the Nth hedge), and how many requests were cancelled unanswered.
    int hedges = 0;
    int answered_by = 0;
    int cancelled = 0;
};

/// A hedge of an attempt, as it goes out.
struct HedgeRecord {
    int attempt = 0;
    /// 1 for the first hedge of the attempt.
    int hedge = 0;
    WallTime sent;
    /// How long after the attempt's first request it went out.
    Duration after{0};
};

/// How an attempt that was sent as a race of requests ended.
struct RaceTally {
    int hedges = 0;
    int answered_by = 0;
    int cancelled = 0;
};

struct RunResult {
    Outcome outcome = Outcome::not_retryable;
    std::string reason;
    /// The setting that would have let the run go on, for the CLI layer to name.
    Setting setting = Setting::none;
    int attempts = 0;
    Duration elapsed{0};
    /// The last attempt's response, when it had one: the only body that may be written out.
    std::optional<Response> final_response;
    std::optional<Failure> final_failure;
    OutputState output = OutputState::none;
    /// The output's reader went away: the run ends quietly, as `rfetch URL | head` expects.
    bool reader_gone = false;
    /// Body bytes that reached the reader and stay there.
    std::uint64_t bytes_written = 0;
    /// Only with Outcome::circuit_open: how long until the breaker lets a run through.
    std::optional<Duration> circuit_open_for;
    /// Only with Outcome::deadline: the run gave up with time still left and its last attempt
    /// before the deadline not yet made, for the server's wait (or the pace) reached past the
    /// deadline; false when the deadline passed or that last attempt was made.
    bool gave_up_early = false;
};

/// Headers that change from one attempt to the next, such as a trace's span id.
class AttemptHeaders {
  public:
    virtual ~AttemptHeaders() = default;
    virtual std::vector<Header> for_attempt(int attempt) = 0;
};

/// A spell of waiting, for one reason, before an attempt: for other runs of a cooperating
/// origin, or for the limits of the origin that pace every run; or within an attempt, before
/// following a redirect.
struct WaitRecord {
    /// The attempt that waited.
    int attempt = 0;
    WaitReason why = WaitReason::backoff;
    WallTime started;
    Duration waited{0};
    /// The run that held the lease as the probe, when one did.
    std::string prober;
    /// The field that asked for the wait, when a server did.
    std::optional<DelaySource> delay_source = std::nullopt;
};

/// Hears about each attempt as soon as its decision is made, and about waits for other runs.
class AttemptObserver {
  public:
    virtual ~AttemptObserver() = default;
    virtual void on_attempt(const AttemptRecord& record) = 0;
    /// As a wait for other runs begins.
    virtual void on_waiting(WaitReason why) { static_cast<void>(why); }
    /// Once it ends, or its reason changes.
    virtual void on_wait(const WaitRecord& record) { static_cast<void>(record); }
    /// As a hedge goes out.
    virtual void on_hedge(const HedgeRecord& record) { static_cast<void>(record); }
};

/// An observer in front of another that passes on everything it does not change, so that one
/// that changes the attempts alone cannot swallow the waits or the hedges.
class ForwardingObserver : public AttemptObserver {
  public:
    explicit ForwardingObserver(AttemptObserver& next) : next_(next) {}

    void on_attempt(const AttemptRecord& record) override { next_.on_attempt(record); }
    void on_waiting(WaitReason why) override { next_.on_waiting(why); }
    void on_wait(const WaitRecord& record) override { next_.on_wait(record); }
    void on_hedge(const HedgeRecord& record) override { next_.on_hedge(record); }

  protected:
    AttemptObserver& next() { return next_; }

  private:
    AttemptObserver& next_;
};

/// One run, driven to its end on the calling thread: performs each attempt with a blocking
/// transport and sleeps through each wait (see RetryRun for the loop itself). A guard, when
/// given, may refuse the run before it starts and a retry after any attempt; a pacer, when
/// given, may hold any attempt back.
class Engine {
  public:
    Engine(Transport& transport, Clock& clock, RetryDecider& decider, const RunLimits& limits,
           AttemptHeaders* attempt_headers = nullptr, RunGuard* guard = nullptr,
           AttemptPacer* pacer = nullptr)
        : transport_(transport),
          clock_(clock),
          decider_(decider),
          limits_(limits),
          attempt_headers_(attempt_headers),
          guard_(guard),
          pacer_(pacer) {}

    /// Runs the attempts; `delivery` takes each body and writes out the final one.
    RunResult run(const Request& request, Delivery& delivery, AttemptObserver& observer);

  private:
    Transport& transport_;
    Clock& clock_;
    RetryDecider& decider_;
    RunLimits limits_;
    AttemptHeaders* attempt_headers_;
    RunGuard* guard_;
    AttemptPacer* pacer_;
};

}  // namespace rfetch
