#include "core/state/origin_guard.h"

namespace rfetch {

std::optional<Duration> OriginGuard::refuse_run(WallTime now) {
    if (!limits_.circuit_breaker) {
        return std::nullopt;
    }
    Admission admission;
    store_.update(origin_, [&](OriginState& state) {
        admission = admit_run(state.breaker, *limits_.circuit_breaker, now);
    });
    if (admission.allowed) {
        return std::nullopt;
    }
    return admission.wait;
}

bool OriginGuard::record_attempt(const Decision& decision) {
    if (!limits_.retry_budget) {
        return true;
    }
    // As in gRPC, only the failures a retry could fix spend tokens: a 404, a bad certificate or
    // a poll answered 200 that is not ready yet says nothing about the origin being overloaded.
    if (decision.action != Action::success && !decision.transient_failure) {
        return true;
    }
    bool allowed = true;
    store_.update(origin_, [&](OriginState& state) {
        if (decision.action == Action::success) {
            earn_token(state.budget, *limits_.retry_budget);
        } else {
            allowed = spend_token(state.budget, *limits_.retry_budget);
        }
    });
    return decision.action != Action::retry || allowed;
}

void OriginGuard::record_run(Outcome outcome, bool origin_failed, WallTime now) {
    if (!limits_.circuit_breaker) {
        return;
    }
    // A reader that went away or a signal says nothing about the origin's health.
    if (outcome == Outcome::write_error || outcome == Outcome::interrupted) {
        return;
    }
    // A 404, a body too large or a poll whose answer was not yet the one awaited still came
    // from an origin that answers: only the failures a retry could fix open the breaker.
    store_.update(origin_, [&](OriginState& state) {
        rfetch::record_run(state.breaker, *limits_.circuit_breaker, !origin_failed, now);
    });
}

}  // namespace rfetch
