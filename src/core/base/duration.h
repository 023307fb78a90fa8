#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rfetch {

/// Every span of time in rfetch, from a backoff wait to a deadline.
using Duration = std::chrono::milliseconds;

/// The longest duration rfetch accepts anywhere: about 31 years, far past any real wait, and
/// small enough that adding two of them to a time point cannot overflow.
inline constexpr Duration kMaxDuration{1'000'000'000'000};

/// a + b, held at kMaxDuration: a sum of waits never wraps or passes the longest duration.
Duration saturating_add(Duration a, Duration b);

/// a × factor for a factor of 0 or more, held at kMaxDuration. Zero stays zero whatever the
/// factor, even an infinite one, where plain double arithmetic would make 0 × inf a NaN.
Duration saturating_scale(Duration a, double factor);

/// Parses "250ms", "1.5s", "2m", "1h", or a bare number of seconds. Negative, empty, unknown
/// units and values above kMaxDuration give nullopt.
std::optional<Duration> parse_duration(std::string_view text);

/// Writes a duration the way parse_duration reads it: "250ms", "1.5s", "2m", "1h".
std::string format_duration(Duration d);

}  // namespace rfetch
