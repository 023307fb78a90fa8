#include "core/retry/poll_target.h"

#include <string>

#include "core/retry/classify.h"

namespace rfetch {
namespace {

constexpr std::string_view kConnected = "connection accepted";

// The failures of a service that is not there: nothing listens, nothing answers in time, or
// the connection is dropped before a reply. A TLS failure or a signal says nothing of the kind.
bool means_gone(FailureKind kind) {
    switch (kind) {
        case FailureKind::dns:
        case FailureKind::connect:
        case FailureKind::timeout:
        case FailureKind::reset:
        case FailureKind::empty:
            return true;
        default:
            return false;
    }
}

bool status_is_up(const ReadyCondition& condition, int status) {
    return condition.statuses ? condition.statuses->contains(status) : status < 400;
}

std::optional<Match> down(const ReadyCondition& condition, const AttemptResult& result) {
    if (result.connected) {
        return Match{false, std::string(kConnected)};
    }
    if (result.response && !result.failure) {
        const int status = result.response->status;
        const std::string seen = "status " + std::to_string(status);
        if (status_is_up(condition, status)) {
            return Match{false, seen};
        }
        return Match{true, "down (" + seen + ")"};
    }
    if (result.failure && means_gone(result.failure->kind)) {
        return Match{true, "down (" + std::string(describe(result.failure->kind)) + ")"};
    }
    return std::nullopt;
}

std::optional<Match> up(const ReadyCondition& condition, const AttemptResult& result) {
    if (result.failure) {
        return std::nullopt;
    }
    if (result.connected) {
        return Match{true, "ready (" + std::string(kConnected) + ")"};
    }
    Match match = evaluate(condition, *result.response);
    if (match.holds) {
        match.reason = "ready (" + match.reason + ")";
    }
    return match;
}

}  // namespace

std::optional<Match> poll_target(const PollingPolicy& polling, const AttemptResult& result) {
    return polling.until_down ? down(polling.condition, result) : up(polling.condition, result);
}

}  // namespace rfetch
