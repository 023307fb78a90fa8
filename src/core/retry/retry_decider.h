#pragma once

#include <optional>
#include <string>

#include "core/base/clock.h"
#include "core/base/random.h"
#include "core/poll/ready_condition.h"
#include "core/retry/backoff.h"
#include "core/retry/classify.h"
#include "core/retry/decision.h"
#include "core/retry/poll_target.h"
#include "core/retry/retry_set.h"
#include "core/retry/server_wait.h"

namespace rfetch {

struct RetryPolicy {
    /// Retries after the first attempt; none means no limit but the deadline.
    std::optional<int> retries = 3;
    BackoffPolicy backoff;
    RetrySet retry_on = RetrySet::defaults();
    /// The longest wait a server may ask for, by any field: a longer one gives up.
    Duration max_retry_after{120'000};
    /// No retry starts later than this after the run's first attempt started; unlike the
    /// deadline, it never cuts an attempt short (curl's --retry-max-time).
    std::optional<Duration> retry_window;
    ResetUnit ratelimit_reset = ResetUnit::detect;
    bool has_idempotency_key = false;
    bool retry_unsafe = false;
    std::optional<PollingPolicy> polling;
    /// Only when the user chose one: no retry starts with less than this left before the
    /// deadline, for it could not connect for as long as the user allows. The default limit
    /// is a ceiling, not a need, so it reserves nothing.
    std::optional<Duration> connect_timeout;
};

/// Where the run stands when an attempt ends.
struct AttemptContext {
    int attempt = 1;  // 1-based, the attempt that just ended
    std::string_view method;
    TimePoint now;
    WallTime wall_now;
    std::optional<TimePoint> deadline;
    /// Why a retry could not finish the output, when part of a body is out for good.
    std::optional<std::string> output_stuck;
    /// When the run's first attempt started, for the retry window.
    TimePoint run_started{};
};

/// Decides what follows each attempt. Pure but for the random numbers it is lent, the
/// decorrelated backoff's memory of the previous wait, the streak of ready polls, and
/// whether the last attempt before the deadline was made.
class RetryDecider {
  public:
    RetryDecider(const RetryPolicy& policy, Random& random, HttpDateParser parse_date)
        : policy_(policy), backoff_(policy.backoff), random_(random), parse_date_(parse_date) {}

    Decision decide(const AttemptContext& context, const AttemptResult& result);

    /// Whether a complete response with this head would end the run, so its body may start
    /// going out before it has all arrived.
    bool ends_run(std::string_view method, const Response& head) const;

    /// Whether a wait was cut so that one last attempt fits before the deadline: a run that
    /// gives up after that has used its time, rather than given up early.
    bool last_attempt_made() const { return last_attempt_made_; }

  private:
    Decision judge(const AttemptContext& context, const AttemptResult& result);
    /// Notes a spent quota that the response reports, for the origin's next request.
    void note_quota(const Response& response, const AttemptContext& context,
                    Decision& decision) const;
    Verdict poll(const AttemptContext& context, const AttemptResult& result,
                 const MethodSafety& safety);
    /// Whether the attempt failed as an origin in trouble fails: by a failure kind or a status
    /// in the retry set, not by a poll condition that does not hold yet.
    bool tells_of_trouble(const AttemptResult& result) const;
    Decision retry_or_give_up(const AttemptContext& context, const AttemptResult& result,
                              const std::string& what);

    RetryPolicy policy_;
    Backoff backoff_;
    Random& random_;
    HttpDateParser parse_date_;
    int ready_in_a_row_ = 0;
    /// When the first poll of the current streak of ready polls ended.
    TimePoint ready_since_{};
    /// A wait was cut so that one last attempt fits before the deadline.
    bool last_attempt_made_ = false;
};

}  // namespace rfetch
