#include "core/retry/retry_decider.h"

#include <algorithm>

#include "core/retry/redirect_wait.h"

namespace rfetch {
namespace {

// A server that sends the same Retry-After to every client would see them all come back in
// the same instant. Up to this much on top spreads the herd without ever coming back early.
constexpr double kRetryAfterSpread = 0.10;

constexpr Duration kLastAttemptTime{100};

Decision give_up(Outcome outcome, std::string reason, Setting setting = Setting::none) {
    return {Action::give_up,      outcome, std::move(reason), Duration{0},
            DelaySource::backoff, setting};
}

// The time a last attempt keeps when a wait is cut short by the deadline: enough for a quick
// answer on a near network. With less than that left, the last attempt starts at once and
// has all of it: a sliver would time out on an answer that is merely a little slow.
Duration last_attempt_share(Duration left) {
    return std::min(kLastAttemptTime, left);
}

bool deadline_passed(const AttemptContext& context) {
    return context.deadline && context.now >= *context.deadline;
}

}  // namespace

Decision RetryDecider::decide(const AttemptContext& context, const AttemptResult& result) {
    Decision decision = judge(context, result);
    if (result.response) {
        note_quota(*result.response, context, decision);
    }
    return decision;
}

void RetryDecider::note_quota(const Response& response, const AttemptContext& context,
                              Decision& decision) const {
    ServerWaitReading quota =
        read_server_wait(response, context.wall_now, parse_date_, policy_.ratelimit_reset);
    for (std::string& note : quota.ignored) {
        if (std::ranges::find(decision.ignored_fields, note) == decision.ignored_fields.end()) {
            decision.ignored_fields.push_back(std::move(note));
        }
    }
    // A reset past the longest honoured wait is held to it: the run that saw it is over, and the
    // next one should come back no later than a server's Retry-After could make it.
    // Retry-After wins over the quota fields here too: a response that carries both holds the
    // origin by neither, and only its own retry waits.
    if (quota.wait && is_quota_field(quota.wait->source) && quota.wait->delay > Duration{0}) {
        decision.quota_reset = std::min(quota.wait->delay, policy_.max_retry_after);
    }
}

Decision RetryDecider::judge(const AttemptContext& context, const AttemptResult& result) {
    // A redirect's wait that cannot be met ends the run as a retry's would: no retry would
    // meet it either.
    if (auto refused = refused_redirect(result)) {
        return std::move(*refused);
    }
    const MethodSafety safety{context.method, policy_.has_idempotency_key, policy_.retry_unsafe};
    const Verdict verdict = policy_.polling ? poll(context, result, safety)
                                            : classify(result, policy_.retry_on, safety);
    switch (verdict.kind) {
        case Verdict::Kind::success:
            // Ready for now: the outcome says so, and the next poll checks that it still is. A
            // request that may not be repeated is not sent again: its one good answer stands.
            if (policy_.polling && policy_.polling->keep_polling_when_ready &&
                safety.may_repeat()) {
                return {Action::retry, Outcome::success, verdict.reason,
                        backoff_.next_wait(context.attempt, random_), DelaySource::backoff};
            }
            return {Action::success, Outcome::success, verdict.reason, Duration{0},
                    DelaySource::backoff};
        case Verdict::Kind::final:
            if (deadline_passed(context) && result.failure &&
                result.failure->kind == FailureKind::timeout) {
                return give_up(Outcome::deadline, "the deadline passed during the attempt");
            }
            return give_up(verdict.outcome, verdict.reason, verdict.setting);
        case Verdict::Kind::retryable: {
            Decision decision = retry_or_give_up(context, result, verdict.reason);
            decision.transient_failure = tells_of_trouble(result);
            if (decision.action == Action::give_up && decision.setting == Setting::none) {
                decision.setting = verdict.setting;
            }
            return decision;
        }
    }
    return give_up(Outcome::not_retryable, verdict.reason);
}

bool RetryDecider::tells_of_trouble(const AttemptResult& result) const {
    if (result.failure) {
        return policy_.retry_on.contains(result.failure->kind);
    }
    return result.response && policy_.retry_on.contains(result.response->status);
}

bool RetryDecider::ends_run(std::string_view method, const Response& head) const {
    AttemptResult complete;
    complete.response = head;
    const MethodSafety safety{method, policy_.has_idempotency_key, policy_.retry_unsafe};
    return classify(complete, policy_.retry_on, safety).kind != Verdict::Kind::retryable;
}

Verdict RetryDecider::poll(const AttemptContext& context, const AttemptResult& result,
                           const MethodSafety& safety) {
    const PollingPolicy& polling = *policy_.polling;
    std::optional<Match> match = poll_target(polling, result);
    // An attempt the deadline cut short timed out for want of time, which says nothing of
    // whether the service has gone.
    if (deadline_passed(context) && result.failure &&
        result.failure->kind == FailureKind::timeout) {
        match.reset();
    }
    const TimePoint now = context.now;
    // A failure that says nothing of up or down is judged as it is without polling: the retry
    // set's failure kinds are the ones that heal, and a bad certificate does not start to
    // verify by itself.
    if (!match) {
        ready_in_a_row_ = 0;
        return classify(result, policy_.retry_on, safety);
    }
    if (!match->holds) {
        ready_in_a_row_ = 0;
        Verdict verdict = retryable_if_safe(result, safety, match->reason);
        if (verdict.setting == Setting::none) {
            verdict.setting = match->setting;
        }
        return verdict;
    }
    if (ready_in_a_row_++ == 0) {
        ready_since_ = now;
    }
    std::string reason = match->reason;
    if (polling.consecutive > 1) {
        reason += ", " + std::to_string(ready_in_a_row_) + " of " +
                  std::to_string(polling.consecutive) + " in a row";
    }
    const auto held = std::chrono::floor<Duration>(now - ready_since_);
    if (polling.stable > Duration{0}) {
        reason += ", held " + format_duration(held) + " of " + format_duration(polling.stable);
    }
    if (ready_in_a_row_ >= polling.consecutive && held >= polling.stable) {
        return {Verdict::Kind::success, Outcome::success, reason};
    }
    return retryable_if_safe(result, safety, reason);
}

Decision RetryDecider::retry_or_give_up(const AttemptContext& context, const AttemptResult& result,
                                        const std::string& what) {
    if (deadline_passed(context)) {
        return give_up(Outcome::deadline, what + " and the deadline has passed");
    }
    if (context.output_stuck) {
        return give_up(Outcome::incomplete, what + "; " + *context.output_stuck);
    }
    const int retry = context.attempt;
    if (policy_.retries && retry > *policy_.retries) {
        return give_up(Outcome::exhausted, what + " and no retries are left (" +
                                               std::to_string(*policy_.retries) + " allowed)");
    }

    Decision next{Action::retry, Outcome::exhausted, what, backoff_.next_wait(retry, random_),
                  DelaySource::backoff};
    // What the server asked for is a floor that no deadline may cut: rfetch never comes back
    // sooner than it was told to.
    Duration floor{0};

    // The field that set the floor, for messages: Retry-After unless another one did.
    std::string_view asked_by = "Retry-After";
    if (result.response) {
        ServerWaitReading reading = read_server_wait(*result.response, context.wall_now,
                                                     parse_date_, policy_.ratelimit_reset);
        next.ignored_fields = std::move(reading.ignored);
        if (reading.wait) {
            const Duration asked = reading.wait->delay;
            asked_by = field_name(reading.wait->source);
            if (asked > policy_.max_retry_after) {
                Decision refused =
                    give_up(Outcome::retry_after_too_long,
                            what + " and " + std::string(asked_by) + " asks for " +
                                format_asked_wait(asked) + ", more than the limit of " +
                                format_duration(policy_.max_retry_after),
                            Setting::max_retry_after);
                refused.ignored_fields = std::move(next.ignored_fields);
                return refused;
            }
            const Duration spread = saturating_scale(asked, kRetryAfterSpread);
            const Duration polite =
                saturating_add(asked, uniform_between(random_, Duration{0}, spread));
            floor = asked;
            // The server's wait is a floor, not a replacement: a longer backoff still stands.
            if (polite >= next.delay) {
                next.delay = polite;
                next.delay_source = reading.wait->source;
            }
        }
    }

    if (policy_.retry_window) {
        // As curl: a retry that would start after the window gives up with what the last
        // attempt got, and nothing is cut to fit.
        const auto retry_at = context.now + next.delay;
        if (retry_at - context.run_started > *policy_.retry_window) {
            return give_up(Outcome::exhausted,
                           what + " and a retry would start after the retry time limit of " +
                               format_duration(*policy_.retry_window));
        }
    }
    if (context.deadline) {
        const auto left = std::chrono::floor<Duration>(*context.deadline - context.now);
        if (left <= Duration{0}) {
            return give_up(Outcome::deadline, what + " and the deadline has passed");
        }
        const Duration reserve = policy_.connect_timeout.value_or(Duration{0});
        if (reserve > left) {
            return give_up(Outcome::deadline, what + " and less than the connect timeout of " +
                                                  format_duration(reserve) +
                                                  " is left before the deadline");
        }
        if (floor > Duration{0} && floor >= left - reserve) {
            std::string why = what + " and " + std::string(asked_by) + " asks for " +
                              format_asked_wait(floor) + ", more than the " +
                              format_duration(left) + " left before the deadline";
            if (reserve > Duration{0}) {
                why += " less the connect timeout of " + format_duration(reserve);
            }
            return give_up(Outcome::deadline, why);
        }
        if (next.delay >= left - reserve) {
            if (last_attempt_made_) {
                return give_up(Outcome::deadline,
                               what + " and no further attempt fits before the deadline");
            }
            // The first wait that would reach the deadline is cut so that one last attempt
            // starts just before it, or a connect timeout before it when the user chose one:
            // a service that comes up late is still seen, and the run gives up only when the
            // time is used. Only one is cut: cutting the next too
            // would start attempt after attempt, back to back, in the little time left.
            last_attempt_made_ = true;
            const Duration share = reserve > Duration{0} ? reserve : last_attempt_share(left);
            next.delay = std::max(floor, left - share);
            next.delay_source = DelaySource::deadline;
        }
    }
    // A poll's reason is only what did not match: a count of polls tells the reader nothing.
    if (!policy_.polling) {
        next.reason = what + ", retry " + std::to_string(retry);
        if (policy_.retries) {
            next.reason += " of " + std::to_string(*policy_.retries);
        }
    }
    return next;
}

}  // namespace rfetch
