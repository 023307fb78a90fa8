#include "core/engine.h"

#include <algorithm>
#include <iterator>

namespace rfetch {
namespace {

Duration cut_to(Duration limit, std::optional<Duration> time_left) {
    return time_left ? std::min(limit, *time_left) : limit;
}

// What an attempt's result says about itself; the engine adds the when and the what next.
void describe_result(const AttemptResult& result, AttemptRecord& record) {
    record.failure = result.failure;
    if (result.response) {
        record.status = result.response->status;
        if (const auto value = result.response->header("Retry-After")) {
            record.retry_after = std::string(*value);
        }
    }
}

RunResult refused_by_breaker(Duration wait) {
    RunResult run;
    run.outcome = Outcome::circuit_open;
    run.reason = "the circuit breaker for this origin is open; a run may try again in " +
                 format_duration(wait);
    run.circuit_open_for = wait;
    return run;
}

// The decision stays a give-up for the failure it was, so the exit status is the failure's.
Decision refused_by_budget(Decision decision) {
    decision.action = Action::give_up;
    decision.reason = "retry budget exhausted";
    decision.delay = Duration{0};
    return decision;
}

}  // namespace

AttemptLimits attempt_limits(const RunLimits& limits, std::optional<Duration> time_left) {
    AttemptLimits attempt;
    attempt.total = limits.attempt_timeout;
    if (time_left) {
        attempt.total = cut_to(limits.attempt_timeout.value_or(*time_left), time_left);
    }
    attempt.connect = cut_to(limits.connect_timeout, attempt.total);
    attempt.stall = cut_to(limits.stall_timeout, attempt.total);
    return attempt;
}

RunResult Engine::run(const Request& request, Delivery& delivery, AttemptObserver& observer) {
    if (guard_ != nullptr) {
        if (const auto wait = guard_->refuse_run(clock_.wall_now())) {
            return refused_by_breaker(*wait);
        }
    }

    const TimePoint start = clock_.now();
    std::optional<TimePoint> deadline;
    if (limits_.deadline) {
        deadline = start + *limits_.deadline;
    }
    auto time_left = [&]() -> std::optional<Duration> {
        if (!deadline) {
            return std::nullopt;
        }
        // Rounded up, so an attempt cut by the deadline ends at or after it, never just before.
        return std::max(Duration{0}, std::chrono::ceil<Duration>(*deadline - clock_.now()));
    };

    RunResult run;
    for (int attempt = 1;; ++attempt) {
        AttemptRecord record;
        record.attempt = attempt;
        record.method = request.method;
        record.url = request.url;
        record.started = clock_.wall_now();
        if (attempt_headers_ != nullptr) {
            record.attempt_headers = attempt_headers_->for_attempt(attempt);
        }
        std::vector<Header> sent_headers = record.attempt_headers;
        std::ranges::move(delivery.resume_headers(), std::back_inserter(sent_headers));
        record.resumed_from = delivery.resume_offset();

        const TimePoint attempt_start = clock_.now();
        delivery.begin_attempt();
        AttemptResult result = transport_.perform(request, sent_headers,
                                                  attempt_limits(limits_, time_left()), delivery);
        delivery.end_attempt(result);
        const TimePoint attempt_end = clock_.now();
        record.elapsed = std::chrono::duration_cast<Duration>(attempt_end - attempt_start);
        describe_result(result, record);

        const AttemptContext context{attempt,           request.method, attempt_end,
                                     clock_.wall_now(), deadline,       delivery.why_stuck()};
        Decision decision = decider_.decide(context, result);
        if (guard_ != nullptr && !guard_->record_attempt(decision)) {
            decision = refused_by_budget(std::move(decision));
        }
        record.decision = decision;
        observer.on_attempt(record);

        run.attempts = attempt;
        run.outcome = decision.outcome;
        run.reason = decision.reason;
        run.final_response = std::move(result.response);
        run.final_failure = std::move(result.failure);
        if (decision.action != Action::retry) {
            break;
        }
        if (!clock_.wait_for(decision.delay)) {
            run.outcome = Outcome::interrupted;
            run.reason = "interrupted by a signal while waiting to retry";
            break;
        }
    }
    delivery.finish(run);
    run.elapsed = std::chrono::duration_cast<Duration>(clock_.now() - start);
    if (guard_ != nullptr) {
        guard_->record_run(run.outcome, clock_.wall_now());
    }
    return run;
}

}  // namespace rfetch
