#include "core/state/origin_guard.h"

namespace rfetch {
namespace {

OriginSign sign_of(const Decision& decision) {
    if (decision.transient_failure) {
        return OriginSign::failed;
    }
    switch (decision.outcome) {
        case Outcome::interrupted:
        case Outcome::write_error:
        case Outcome::incomplete:
            return OriginSign::unknown;
        default:
            return OriginSign::answered;
    }
}

}  // namespace

std::optional<Duration> OriginGuard::refuse_run(WallTime) {
    if (!limits_.circuit_breaker) {
        return std::nullopt;
    }
    Admission admission;
    store_.update(origin_, [&](OriginState& state, WallTime now) {
        admission = admit_run(state.breaker, *limits_.circuit_breaker, now);
    });
    if (admission.allowed) {
        return std::nullopt;
    }
    return admission.wait;
}

Passage OriginGuard::before_attempt(std::optional<Duration> attempt_limit) {
    if (!cooperating()) {
        return {};
    }
    // The lease lasts as long as the probe's attempt may, so that it ends when a killed probe's
    // attempt would have.
    const Duration lease = attempt_limit.value_or(limits_.cooperation->lease);
    Passage passage;
    std::optional<RampPlace> place;
    // A store may run the change more than once (Redis, on a conflict): each run starts from
    // the place this run held before, and only the last one counts.
    store_.update(origin_, [&](OriginState& state, WallTime now) {
        place = ramp_place_;
        passage =
            pass(state.cooperation, place, *limits_.cooperation, cooperator_.name, lease, now);
    });
    ramp_place_ = place;
    return passage;
}

bool OriginGuard::record_attempt(const Decision& decision) {
    // As in gRPC, only the failures a retry could fix spend tokens: a 404, a bad certificate or
    // a poll answered 200 that is not ready yet says nothing about the origin being overloaded.
    const bool counts_for_budget =
        limits_.retry_budget && (decision.action == Action::success || decision.transient_failure);
    if (!counts_for_budget && !cooperating()) {
        return true;
    }
    bool allowed = true;
    store_.update(origin_, [&](OriginState& state, WallTime now) {
        if (counts_for_budget) {
            if (decision.action == Action::success) {
                earn_token(state.budget, *limits_.retry_budget);
            } else {
                allowed = spend_token(state.budget, *limits_.retry_budget);
            }
        }
        if (cooperating()) {
            report(state.cooperation, *limits_.cooperation, cooperator_.name, sign_of(decision),
                   *cooperator_.random, now);
        }
    });
    return decision.action != Action::retry || allowed;
}

bool OriginGuard::allow_hedge() {
    if (!limits_.retry_budget && !limits_.circuit_breaker && !cooperating()) {
        return true;
    }
    // A hedge is an extra request to the origin: only one that is well may have it. While the
    // runs take turns (failing, ramp) or the breaker lets a probe through (open, half-open),
    // the one request let through must stay one. Only then does the hedge spend its token.
    bool allowed = false;
    store_.update(origin_, [&](OriginState& state, WallTime now) {
        const bool healthy = !cooperating() || state.cooperation.phase == CooperationPhase::healthy;
        const bool closed =
            !limits_.circuit_breaker || circuit_phase(state.breaker, now) == CircuitPhase::closed;
        allowed = healthy && closed &&
                  (!limits_.retry_budget || take_hedge_token(state.budget, *limits_.retry_budget));
    });
    return allowed;
}

void OriginGuard::record_run(Outcome outcome, bool origin_failed, WallTime) {
    if (!limits_.circuit_breaker) {
        return;
    }
    // A reader that went away or a signal says nothing about the origin's health.
    if (outcome == Outcome::write_error || outcome == Outcome::interrupted) {
        return;
    }
    // A 404, a body too large or a poll whose answer was not yet the one awaited still came
    // from an origin that answers: only the failures a retry could fix open the breaker.
    store_.update(origin_, [&](OriginState& state, WallTime now) {
        rfetch::record_run(state.breaker, *limits_.circuit_breaker, !origin_failed, now);
    });
}

}  // namespace rfetch
