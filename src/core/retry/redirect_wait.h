#pragma once

#include <optional>
#include <string_view>

#include "core/base/clock.h"
#include "core/base/transport.h"
#include "core/retry/decision.h"

namespace rfetch {

/// The wait a redirect's Retry-After asks for before it is followed (RFC 9110 §10.2.3 allows
/// the field on a 3xx): delay-seconds or an HTTP-date, read as every Retry-After is. Nullopt
/// when the value cannot be read or asks for no wait (0, or a date already past): the
/// redirect is followed at once.
std::optional<Duration> redirect_delay(std::string_view retry_after, WallTime now,
                                       HttpDateParser parse_date);

/// Whether a redirect with `status` whose server asked for `asked` may be followed after that
/// wait. As for a retry's Retry-After: a wait longer than `most` is refused, and one that
/// reaches the deadline (`time_left`) too, for the server's wait is never cut short and a
/// redirect is never followed early.
RedirectWait judge_redirect_wait(int status, Duration asked, Duration most,
                                 std::optional<Duration> time_left);

/// The decision that ends a run whose attempt stopped at a redirect whose wait was refused,
/// or nullopt when the attempt did not stop at one.
std::optional<Decision> refused_redirect(const AttemptResult& result);

}  // namespace rfetch
