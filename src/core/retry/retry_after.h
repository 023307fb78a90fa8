#pragma once

#include <optional>
#include <string_view>

#include "core/base/clock.h"
#include "core/base/duration.h"

namespace rfetch {

/// RFC 9110 §10.2.3: Retry-After is delay-seconds or an HTTP-date. Returns how long the server
/// asked rfetch to wait from `now`: zero for a date in the past, kMaxDuration for a number too
/// large to represent, nullopt for anything else.
std::optional<Duration> parse_retry_after(std::string_view value, WallTime now,
                                          HttpDateParser parse_date);

}  // namespace rfetch
