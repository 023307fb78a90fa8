#include "core/retry_decider.h"

#include <algorithm>

namespace rfetch {
namespace {

// A server that sends the same Retry-After to every client would see them all come back in
// the same instant. Up to this much on top spreads the herd without ever coming back early.
constexpr double kRetryAfterSpread = 0.10;

Decision give_up(Outcome outcome, std::string reason) {
    return {Action::give_up, outcome, std::move(reason), Duration{0}, DelaySource::backoff};
}

bool deadline_passed(const AttemptContext& context) {
    return context.deadline && context.now >= *context.deadline;
}

}  // namespace

Decision RetryDecider::decide(const AttemptContext& context, const AttemptResult& result) {
    const MethodSafety safety{context.method, policy_.has_idempotency_key, policy_.retry_unsafe};
    const Verdict verdict = classify(result, policy_.retry_on, safety);
    switch (verdict.kind) {
        case Verdict::Kind::success:
            return {Action::success, Outcome::success, verdict.reason, Duration{0},
                    DelaySource::backoff};
        case Verdict::Kind::final:
            if (deadline_passed(context) && result.failure &&
                result.failure->kind == FailureKind::timeout) {
                return give_up(Outcome::deadline, "the deadline passed during the attempt");
            }
            return give_up(verdict.outcome, verdict.reason);
        case Verdict::Kind::retryable: {
            Decision decision = retry_or_give_up(context, result, verdict.reason);
            decision.transient_failure = true;
            return decision;
        }
    }
    return give_up(Outcome::not_retryable, verdict.reason);
}

Decision RetryDecider::retry_or_give_up(const AttemptContext& context, const AttemptResult& result,
                                        const std::string& what) {
    if (deadline_passed(context)) {
        return give_up(Outcome::deadline, what + " and the deadline has passed");
    }
    const int retry = context.attempt;
    if (retry > policy_.retries) {
        return give_up(Outcome::exhausted, what + " and no retries are left (" +
                                               std::to_string(policy_.retries) + " allowed)");
    }

    Decision next{Action::retry, Outcome::exhausted, what, backoff_.next_wait(retry, random_),
                  DelaySource::backoff};

    const auto header = result.response ? result.response->header("Retry-After") : std::nullopt;
    if (header) {
        if (const auto asked = parse_retry_after(*header, context.wall_now, parse_date_)) {
            if (*asked > policy_.max_retry_after) {
                return give_up(Outcome::retry_after_too_long,
                               what + " and Retry-After asks for " + format_duration(*asked) +
                                   ", more than --max-retry-after " +
                                   format_duration(policy_.max_retry_after));
            }
            const auto spread = Duration{static_cast<Duration::rep>(
                static_cast<double>(asked->count()) * kRetryAfterSpread)};
            const Duration polite = *asked + uniform_between(random_, Duration{0}, spread);
            // The server's wait is a floor, not a replacement: a longer backoff still stands.
            if (polite >= next.delay) {
                next.delay = polite;
                next.delay_source = DelaySource::retry_after;
            }
        }
    }

    if (context.deadline && context.now + next.delay >= *context.deadline) {
        return give_up(Outcome::deadline, what + " and waiting " + format_duration(next.delay) +
                                              " would pass the deadline");
    }
    next.reason =
        what + ", retry " + std::to_string(retry) + " of " + std::to_string(policy_.retries);
    return next;
}

}  // namespace rfetch
