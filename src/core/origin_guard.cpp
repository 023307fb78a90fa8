#include "core/origin_guard.h"

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
    // As in gRPC, only the failures a retry could fix spend tokens: a 404 or a bad certificate
    // says nothing about the origin being overloaded.
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

void OriginGuard::record_run(Outcome outcome, WallTime now) {
    if (!limits_.circuit_breaker) {
        return;
    }
    // A reader that went away or a signal says nothing about the origin's health.
    if (outcome == Outcome::write_error || outcome == Outcome::interrupted) {
        return;
    }
    store_.update(origin_, [&](OriginState& state) {
        rfetch::record_run(state.breaker, *limits_.circuit_breaker, outcome == Outcome::success,
                           now);
    });
}

}  // namespace rfetch
