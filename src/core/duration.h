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

/// Parses "250ms", "1.5s", "2m", "1h", or a bare number of seconds. Negative, empty, unknown
/// units and values above kMaxDuration give nullopt.
std::optional<Duration> parse_duration(std::string_view text);

/// Writes a duration the way parse_duration reads it: "250ms", "1.5s", "2m", "1h".
std::string format_duration(Duration d);

}  // namespace rfetch
