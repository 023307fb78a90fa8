#pragma once

#include <optional>
#include <vector>

#include "core/run/engine.h"
#include "core/run/hedge_policy.h"

namespace rfetch {

/// One attempt's limits: the per-attempt ones, each cut to what the deadline leaves.
AttemptLimits attempt_limits(const RunLimits& limits, std::optional<Duration> time_left);

/// What a run asks of whoever drives it: perform an attempt, wait, or nothing more.
struct RunStep {
    enum class Kind { attempt, wait, done };
    Kind kind = Kind::done;
    /// For an attempt: the headers that differ per attempt, Range included, and its limits.
    std::vector<Header> attempt_headers;
    AttemptLimits limits;
    /// For a wait: how long until the next attempt.
    Duration delay{0};
};

/// One URL's attempt loop as a state machine, so that one thread can drive many of them: the
/// blocking Engine drives one, a multi-transfer scheduler drives many with timers. The policy
/// (decide, guard, deliver, observe) lives here and nowhere else.
class RetryRun {
  public:
    /// `deadline` bounds the run when given; it is absolute so that runs that start late, behind
    /// others, share the same end.
    RetryRun(const Request& request, Delivery& delivery, AttemptObserver& observer, Clock& clock,
             RetryDecider& decider, const RunLimits& limits, std::optional<TimePoint> deadline,
             AttemptHeaders* attempt_headers = nullptr, RunGuard* guard = nullptr,
             AttemptPacer* pacer = nullptr);

    /// The first step: the first attempt, or done when the guard refuses the run.
    RunStep start();
    /// After the attempt that the last step asked for: a wait before the next one, or done.
    /// `race` tells how the attempt's hedges, if it sent any, ended.
    RunStep attempt_done(AttemptResult result, RaceTally race = {});

    /// Sends each attempt as a race of requests (see HedgePolicy); only a driver that can run
    /// requests side by side may honour it.
    void hedge_with(HedgePolicy policy) { hedging_ = policy; }
    const std::optional<HedgePolicy>& hedging() const { return hedging_; }
    /// Asks to send hedge `hedge` (1-based) of the attempt under way: its limits, cut to what
    /// the attempt's timeout and the deadline leave, or nullopt when nothing is left of either
    /// or the retry budget refuses it.
    std::optional<AttemptLimits> hedge(int hedge);
    /// Whether a request's result is a complete answer that ends the run, so that it wins
    /// the attempt's race.
    bool wins_race(const AttemptResult& result) const;
    /// After the wait that the last step asked for; `completed` is false when a signal or the
    /// going of the body's reader cut it. A run whose body's reader has gone ends there as a
    /// write error, and sends nothing more.
    RunStep wait_done(bool completed);
    /// Whether the body's reader has gone for good, so that a driver ends the run's wait at once.
    bool reader_gone() const { return delivery_.reader_gone(); }
    /// Ends a run that never started because the whole invocation was interrupted.
    RunStep abandon();
    /// Ends a poll that its driver no longer needs, during its wait or its attempt (which the
    /// driver has dropped): a ready target ends as ready; any other ends as abandoned, with
    /// `why` added to the reason it last had.
    RunStep stop_polling(const std::string& why);

    /// Whether the last attempt that ended met the poll's condition.
    bool ready() const { return result_.attempts > 0 && result_.outcome == Outcome::success; }

    /// Once a step said done: the run's result, written out and recorded.
    RunResult& result() { return result_; }

    /// What each attempt sends, and where its body goes.
    const Request& request() const { return request_; }
    BodySink& body_sink() { return delivery_; }
    /// The clock the run reads and a blocking driver waits on.
    Clock& clock() { return clock_; }

  private:
    /// The next attempt, or first the wait the pacer asks for; done when that wait would pass
    /// the deadline.
    RunStep paced_attempt();
    RunStep next_attempt();
    /// A spell of waiting for `why` begins, unless one for it is under way.
    void begin_waiting(WaitReason why);
    RunStep wait_for_others(const Passage& passage);
    void end_waiting();
    /// The waits for redirects' Retry-After that the attempt made, each a wait event.
    void log_redirect_waits(const AttemptResult& result);
    RunStep finish();
    /// The result of a run whose body's reader has gone.
    void end_without_reader();
    std::optional<Duration> time_left() const;

    const Request& request_;
    Delivery& delivery_;
    AttemptObserver& observer_;
    Clock& clock_;
    RetryDecider& decider_;
    RunLimits limits_;
    std::optional<TimePoint> deadline_;
    AttemptHeaders* attempt_headers_;
    RunGuard* guard_;
    AttemptPacer* pacer_;
    std::optional<HedgePolicy> hedging_;

    TimePoint start_{};
    TimePoint attempt_start_{};
    AttemptRecord record_;
    RunResult result_;
    bool let_through_ = false;
    /// The last attempt failed in a way that tells of the origin's trouble.
    bool origin_failed_ = false;
    /// The spell of waiting (for other runs or the origin's limits) under way, and when it began.
    std::optional<WaitRecord> waiting_;
    TimePoint waiting_since_{};
};

/// Drives a run to its end on the calling thread: each attempt through a blocking transport,
/// each wait on the run's clock.
RunResult& drive(RetryRun& run, Transport& transport);

}  // namespace rfetch
