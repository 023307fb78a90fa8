#include "core/retry/redirect_wait.h"

#include <string>

#include "core/retry/retry_after.h"
#include "core/retry/server_wait.h"

namespace rfetch {

std::optional<Duration> redirect_delay(std::string_view retry_after, WallTime now,
                                       HttpDateParser parse_date) {
    const auto asked = parse_retry_after(retry_after, now, parse_date);
    if (!asked || *asked <= Duration{0}) {
        return std::nullopt;
    }
    return asked;
}

RedirectWait judge_redirect_wait(int status, Duration asked, Duration most,
                                 std::optional<Duration> time_left) {
    RedirectWait wait;
    wait.status = status;
    wait.asked = asked;
    wait.most = most;
    wait.time_left = time_left;
    if (asked > most) {
        wait.verdict = RedirectWait::Verdict::too_long;
    } else if (time_left && asked >= *time_left) {
        wait.verdict = RedirectWait::Verdict::past_deadline;
    }
    return wait;
}

std::optional<Decision> refused_redirect(const AttemptResult& result) {
    if (result.redirect_waits.empty() ||
        result.redirect_waits.back().verdict == RedirectWait::Verdict::wait) {
        return std::nullopt;
    }
    const RedirectWait& wait = result.redirect_waits.back();
    const std::string asks = "a redirect (HTTP " + std::to_string(wait.status) +
                             ") whose Retry-After asks for " + format_asked_wait(wait.asked);
    Decision decision;
    decision.action = Action::give_up;
    decision.delay_source = DelaySource::retry_after;
    if (wait.verdict == RedirectWait::Verdict::too_long) {
        decision.outcome = Outcome::retry_after_too_long;
        decision.reason = asks + ", more than the limit of " + format_duration(wait.most);
        decision.setting = Setting::max_retry_after;
    } else {
        decision.outcome = Outcome::deadline;
        decision.reason = asks + ", more than the " +
                          format_duration(wait.time_left.value_or(Duration{0})) +
                          " left before the deadline";
    }
    return decision;
}

}  // namespace rfetch
