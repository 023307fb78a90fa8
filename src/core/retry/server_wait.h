#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/transport.h"
#include "core/retry/decision.h"

namespace rfetch {

/// How X-RateLimit-Reset is read: APIs disagree, some send the seconds until the quota
/// resets, others the Unix time it resets at.
enum class ResetUnit {
    detect,     // a value above 10^9 is a Unix time (2001 or later), a smaller one seconds
    seconds,    // always the seconds until the reset
    unix_time,  // always the Unix time of the reset
};

/// How long a response asks its client to stay away, and which field said so.
struct ServerWait {
    Duration delay{0};
    DelaySource source = DelaySource::retry_after;
};

/// What a response's waiting fields say: the wait, if one holds, and the fields that were
/// there but could not be read, so ignored and never trusted.
struct ServerWaitReading {
    std::optional<ServerWait> wait;
    std::vector<std::string> ignored;
};

/// The field a wait came from, as the server spelled it, for messages.
std::string_view field_name(DelaySource source);

/// Reads the fields by which a server asks for a pause, the first usable one winning:
/// Retry-After (RFC 9110 §10.2.3), then retry-after-ms (milliseconds, as Azure and OpenAI send),
/// then the quota fields when they say none is left: RateLimit with RateLimit-Policy
/// (draft-ietf-httpapi-ratelimit-headers: `"default";r=0;t=30`) and X-RateLimit-Remaining with
/// X-RateLimit-Reset. A quota field with remaining above zero asks for no wait. Waits saturate
/// at kMaxDuration; a time in the past asks for none.
ServerWaitReading read_server_wait(const Response& response, WallTime now,
                                   HttpDateParser parse_date, ResetUnit reset_unit);

/// A wait a server asked for, for messages. One held at kMaxDuration may have asked for far
/// more (Retry-After: 99999999999999999999, or a date in 2099): it reads as "1000000000s or
/// more", never as an amount the server did not send.
std::string format_asked_wait(Duration asked);

/// Whether the wait came from a quota field (RateLimit, X-RateLimit-*), which speaks for the
/// origin's next request whatever the status, not only for a retry.
bool is_quota_field(DelaySource source);

}  // namespace rfetch
