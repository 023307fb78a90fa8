#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/duration.h"
#include "core/base/setting.h"

namespace rfetch {

enum class Action { success, retry, give_up };

/// Why a run ended. The CLI turns it into an exit status; the log writes it by name.
enum class Outcome {
    success,
    http_error,            // a final status >= 400 that is not worth retrying
    exhausted,             // every retry was spent on transient failures
    not_retryable,         // a failure that retrying cannot fix, or an unsafe retry declined
    deadline,              // --deadline passed, or the next wait would pass it
    retry_after_too_long,  // the server asked for a longer wait than --max-retry-after
    interrupted,           // SIGINT or SIGTERM
    write_error,           // the body could not be written, or its reader went away
    incomplete,            // the body could not be written whole, and no retry can finish it
    circuit_open,          // --circuit-breaker refused the run: nothing was sent
    abandoned,             // a poll not yet ready, ended because another target's wait failed
};

/// What set a wait: the backoff, the server's field that asked for it, or the deadline that cut
/// it short.
enum class DelaySource {
    backoff,
    retry_after,        // Retry-After (RFC 9110 §10.2.3)
    retry_after_ms,     // retry-after-ms
    ratelimit,          // RateLimit, with RateLimit-Policy (draft-ietf-httpapi-ratelimit-headers)
    x_ratelimit_reset,  // X-RateLimit-Reset
    deadline,
};

/// What the engine does after an attempt, and why, in words the log can show.
struct Decision {
    Action action = Action::give_up;
    Outcome outcome = Outcome::not_retryable;
    std::string reason;
    Duration delay{0};
    DelaySource delay_source = DelaySource::backoff;
    /// The setting that would have let the run go on, for the CLI layer to name.
    Setting setting = Setting::none;
    /// The attempt failed in a way that tells of the origin's trouble, a failure kind or a
    /// status in the retry set, whether or not a retry follows: the retry budget and the
    /// circuit breaker count these. A poll that is merely not ready yet is not one.
    bool transient_failure = false;
    /// The response said the origin's quota is spent, and for how long: the next request to the
    /// origin, of this run or another, waits that long. Already cut to the longest wait the
    /// policy honours.
    std::optional<Duration> quota_reset = std::nullopt;
    /// Fields about waiting that could not be read, and so were ignored, for -v to show.
    std::vector<std::string> ignored_fields = {};
};

std::string_view to_string(Action action);
std::string_view to_string(Outcome outcome);
std::string_view to_string(DelaySource source);

}  // namespace rfetch
