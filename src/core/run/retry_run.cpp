#include "core/run/retry_run.h"

#include <algorithm>
#include <iterator>

namespace rfetch {
namespace {

// What an attempt's result says about itself; the run adds the when and the what next.
void describe_result(const AttemptResult& result, AttemptRecord& record) {
    record.failure = result.failure;
    if (result.response) {
        record.status = result.response->status;
        record.bytes_received = result.response->body_size;
        if (const auto value = result.response->header("Retry-After")) {
            record.retry_after = std::string(*value);
        }
    }
}

// The decision stays a give-up for the failure it was, so the exit status is the failure's.
Decision refused_by_budget(Decision decision) {
    decision.action = Action::give_up;
    decision.reason = "retry budget exhausted";
    decision.delay = Duration{0};
    return decision;
}

// What the adaptive pace counts as a throttle: a 429, a 503 that says when to come back (RFC
// 9110 §15.6.4), or rate-limit fields that say the quota is spent.
bool asks_to_slow_down(const Response& response, const Decision& decision) {
    return response.status == 429 || (response.status == 503 && response.header("Retry-After")) ||
           decision.quota_reset.has_value();
}

RunStep done() {
    return RunStep{};
}

Duration cut_to(Duration limit, std::optional<Duration> time_left) {
    return time_left ? std::min(limit, *time_left) : limit;
}

}  // namespace

RetryRun::RetryRun(const Request& request, Delivery& delivery, AttemptObserver& observer,
                   Clock& clock, RetryDecider& decider, const RunLimits& limits,
                   std::optional<TimePoint> deadline, AttemptHeaders* attempt_headers,
                   RunGuard* guard, AttemptPacer* pacer)
    : request_(request),
      delivery_(delivery),
      observer_(observer),
      clock_(clock),
      decider_(decider),
      limits_(limits),
      deadline_(deadline),
      attempt_headers_(attempt_headers),
      guard_(guard),
      pacer_(pacer) {}

RunStep RetryRun::start() {
    start_ = clock_.now();
    if (time_left() == Duration{0}) {
        // A run that starts behind others can find the shared deadline gone: nothing is sent.
        result_.outcome = Outcome::deadline;
        result_.reason = "the deadline passed before the first attempt";
        return done();
    }
    if (delivery_.reader_gone()) {
        // `rfetch URL1 URL2 | head -1`: once stdout's reader has gone, a URL that would write
        // there sends nothing.
        end_without_reader();
        return done();
    }
    if (guard_ != nullptr) {
        if (const auto wait = guard_->refuse_run(clock_.wall_now())) {
            result_.outcome = Outcome::circuit_open;
            result_.reason =
                "the circuit breaker for this origin is open; a run may try again in " +
                format_duration(*wait);
            result_.circuit_open_for = wait;
            return done();
        }
    }
    let_through_ = true;
    return paced_attempt();
}

RunStep RetryRun::paced_attempt() {
    const PacerHold hold = pacer_ != nullptr
                               ? pacer_->wait_before_attempt(clock_.now(), clock_.wall_now())
                               : PacerHold{};
    if (hold.wait <= Duration{0}) {
        return next_attempt();
    }
    if (const auto left = time_left(); left && hold.wait >= *left) {
        // As with a Retry-After: the server's wait is never cut, so a run that cannot outlast
        // it ends now rather than send a request bound to earn a 429.
        result_.outcome = Outcome::deadline;
        result_.reason = "the next attempt is held for " + format_duration(hold.wait) +
                         " (a spent rate-limit quota or the pace of requests), past the deadline";
        return finish();
    }
    begin_waiting(hold.why);
    RunStep step;
    step.kind = RunStep::Kind::wait;
    step.delay = hold.wait;
    return step;
}

std::optional<Duration> RetryRun::time_left() const {
    if (!deadline_) {
        return std::nullopt;
    }
    // Rounded up, so an attempt cut by the deadline ends at or after it, never just before.
    return std::max(Duration{0}, std::chrono::ceil<Duration>(*deadline_ - clock_.now()));
}

RunStep RetryRun::next_attempt() {
    const int attempt = result_.attempts + 1;
    if (guard_ != nullptr) {
        const Passage passage = guard_->before_attempt(attempt_limits(limits_, time_left()).total);
        if (!passage.go) {
            return wait_for_others(passage);
        }
    }
    end_waiting();
    record_ = AttemptRecord{};
    record_.attempt = attempt;
    record_.method = request_.method;
    record_.url = request_.url;
    record_.started = clock_.wall_now();
    if (attempt_headers_ != nullptr) {
        record_.attempt_headers = attempt_headers_->for_attempt(attempt);
    }
    RunStep step;
    step.kind = RunStep::Kind::attempt;
    step.attempt_headers = record_.attempt_headers;
    std::ranges::move(delivery_.resume_headers(), std::back_inserter(step.attempt_headers));
    step.limits = attempt_limits(limits_, time_left());
    record_.resumed_from = delivery_.resume_offset();

    attempt_start_ = clock_.now();
    delivery_.begin_attempt();
    return step;
}

void RetryRun::begin_waiting(WaitReason why) {
    if (waiting_ && waiting_->why != why) {
        end_waiting();
    }
    if (!waiting_) {
        waiting_ = WaitRecord{result_.attempts + 1, why, clock_.wall_now(), Duration{0}, {}};
        waiting_since_ = clock_.now();
        observer_.on_waiting(why);
    }
}

RunStep RetryRun::wait_for_others(const Passage& passage) {
    begin_waiting(passage.why);
    if (!passage.prober.empty()) {
        waiting_->prober = passage.prober;
    }
    const auto left = time_left();
    if (left == Duration{0}) {
        result_.outcome = Outcome::deadline;
        result_.reason = "the deadline passed while waiting for the origin to recover";
        return finish();
    }
    RunStep wait;
    wait.kind = RunStep::Kind::wait;
    wait.delay = cut_to(passage.wait, left);
    return wait;
}

void RetryRun::end_waiting() {
    if (!waiting_) {
        return;
    }
    waiting_->waited = std::chrono::duration_cast<Duration>(clock_.now() - waiting_since_);
    observer_.on_wait(*waiting_);
    waiting_.reset();
}

std::optional<AttemptLimits> RetryRun::hedge(int hedge) {
    // A hedge races within its attempt, so it gets what is left of the attempt's limit, not a
    // limit of its own: -m bounds the whole race, however many hedges it sends. That time
    // holds no redirect's wait, which counts against the deadline alone: no hedge goes out
    // once a redirect asked for one (HedgeRace::next_hedge_due), and the waits of a request
    // under way are left out of its -m by its RedirectChain.
    std::optional<Duration> left = time_left();
    if (limits_.attempt_timeout) {
        const auto attempt_end = attempt_start_ + *limits_.attempt_timeout;
        left = cut_to(
            std::max(Duration{0}, std::chrono::floor<Duration>(attempt_end - clock_.now())), left);
    }
    if (!hedging_ || left == Duration{0}) {
        return std::nullopt;
    }
    // A hedge is a retry sent early: it spends from the same budget, and none is left means
    // no hedge.
    if (guard_ != nullptr && !guard_->allow_hedge()) {
        return std::nullopt;
    }
    observer_.on_hedge({record_.attempt, hedge, clock_.wall_now(),
                        std::chrono::duration_cast<Duration>(clock_.now() - attempt_start_)});
    AttemptLimits limits = attempt_limits(limits_, left);
    // A redirect's wait counts against the deadline alone, as in the attempt's first request.
    limits.time_left = time_left();
    return limits;
}

bool RetryRun::wins_race(const AttemptResult& result) const {
    if (result.failure) {
        return false;
    }
    return result.connected ||
           (result.response && decider_.ends_run(request_.method, *result.response));
}

RunStep RetryRun::attempt_done(AttemptResult result, RaceTally race) {
    record_.hedges = race.hedges;
    record_.answered_by = race.answered_by;
    record_.cancelled = race.cancelled;
    delivery_.end_attempt(result);
    const TimePoint attempt_end = clock_.now();
    record_.elapsed = std::chrono::duration_cast<Duration>(attempt_end - attempt_start_);
    describe_result(result, record_);
    log_redirect_waits(result);

    const AttemptContext context{
        record_.attempt, request_.method,       attempt_end, clock_.wall_now(),
        deadline_,       delivery_.why_stuck(), start_};
    Decision decision = decider_.decide(context, result);
    if (guard_ != nullptr && !guard_->record_attempt(decision)) {
        decision = refused_by_budget(std::move(decision));
    }
    if (guard_ != nullptr && guard_->paces_retries() && decision.action == Action::retry &&
        decision.delay_source == DelaySource::backoff && decision.transient_failure) {
        // The shared backoff paces the retries of cooperating runs: a run asleep on a backoff
        // of its own would sleep through the origin's recovery and come back after the ramp.
        // A Retry-After is still the server's word, and is kept. A poll that is merely not
        // ready yet tells of no trouble, so no shared backoff paces it: it keeps its interval.
        decision.delay = Duration{0};
    }
    record_.decision = decision;
    origin_failed_ = decision.transient_failure;
    if (pacer_ != nullptr && decision.quota_reset) {
        pacer_->quota_spent(clock_.wall_now(), *decision.quota_reset);
    }
    if (pacer_ != nullptr && result.response) {
        pacer_->answered(clock_.wall_now(), record_.elapsed,
                         asks_to_slow_down(*result.response, decision));
    }
    observer_.on_attempt(record_);

    result_.attempts = record_.attempt;
    result_.outcome = decision.outcome;
    result_.reason = decision.reason;
    result_.setting = decision.setting;
    result_.final_response = std::move(result.response);
    result_.final_failure = std::move(result.failure);
    if (decision.action != Action::retry) {
        return finish();
    }
    RunStep wait;
    wait.kind = RunStep::Kind::wait;
    wait.delay = decision.delay;
    return wait;
}

void RetryRun::log_redirect_waits(const AttemptResult& result) {
    for (const RedirectWait& wait : result.redirect_waits) {
        if (wait.verdict == RedirectWait::Verdict::wait) {
            observer_.on_wait({.attempt = record_.attempt,
                               .why = WaitReason::redirect,
                               .started = wait.started,
                               .waited = wait.waited,
                               .prober = {},
                               .delay_source = DelaySource::retry_after});
        }
    }
}

RunStep RetryRun::wait_done(bool completed) {
    if (delivery_.reader_gone()) {
        // Whatever ended the wait, a body with no one left to read it is not asked for again.
        end_without_reader();
        return finish();
    }
    if (completed) {
        return paced_attempt();
    }
    result_.outcome = Outcome::interrupted;
    result_.reason = "interrupted by a signal while waiting to retry";
    return finish();
}

void RetryRun::end_without_reader() {
    result_.outcome = Outcome::write_error;
    result_.reason = WriteStatus{WriteStatus::Kind::reader_gone, {}}.describe();
    result_.setting = Setting::none;
    result_.reader_gone = true;
}

RunStep RetryRun::abandon() {
    result_.outcome = Outcome::interrupted;
    result_.reason = "interrupted by a signal before the first attempt";
    return finish();
}

RunStep RetryRun::stop_polling(const std::string& why) {
    if (!ready()) {
        result_.outcome = Outcome::abandoned;
        result_.reason = result_.reason.empty() ? why : result_.reason + "; " + why;
        result_.setting = Setting::none;
    }
    return finish();
}

RunStep RetryRun::finish() {
    end_waiting();
    if (result_.outcome == Outcome::deadline && deadline_ && !decider_.last_attempt_made()) {
        // Whole milliseconds, as the decider counts what is left: an attempt that a timer ended
        // a hair before the deadline met it, and did not give up early. Nor did a run that
        // gave up after its last attempt, cut to fit just before the deadline.
        result_.gave_up_early =
            std::chrono::floor<Duration>(*deadline_ - clock_.now()) > Duration{0};
    }
    if (!let_through_) {
        return done();
    }
    delivery_.finish(result_);
    result_.elapsed = std::chrono::duration_cast<Duration>(clock_.now() - start_);
    if (guard_ != nullptr) {
        guard_->record_run(result_.outcome, origin_failed_, clock_.wall_now());
    }
    return done();
}

RunResult& drive(RetryRun& run, Transport& transport) {
    for (RunStep step = run.start(); step.kind != RunStep::Kind::done;) {
        if (step.kind == RunStep::Kind::attempt) {
            step = run.attempt_done(transport.perform(run.request(), step.attempt_headers,
                                                      step.limits, run.body_sink()));
        } else {
            step = run.wait_done(run.clock().wait_for(step.delay));
        }
    }
    return run.result();
}

AttemptLimits attempt_limits(const RunLimits& limits, std::optional<Duration> time_left) {
    AttemptLimits attempt;
    attempt.total = limits.attempt_timeout;
    attempt.time_left = time_left;
    if (time_left) {
        attempt.total = cut_to(limits.attempt_timeout.value_or(*time_left), time_left);
    }
    attempt.connect = cut_to(limits.connect_timeout, attempt.total);
    attempt.stall = cut_to(limits.stall_timeout, attempt.total);
    return attempt;
}

}  // namespace rfetch
