#include "core/retry/server_wait.h"

#include <algorithm>
#include <charconv>

#include "core/base/ascii.h"
#include "core/retry/rate_limit_field.h"
#include "core/retry/retry_after.h"

namespace rfetch {
namespace {

// A reset above this is a Unix time, 2001-09-09 or later; below it, seconds: no API asks for
// a wait of 31 years, and none sends a time before 2001.
constexpr long long kUnixTimeFloor = 1'000'000'000;

constexpr long long kMaxMillis = kMaxDuration.count();

std::optional<std::string_view> field(const Response& response, std::string_view name) {
    if (auto value = response.header(name)) {
        return trim_whitespace(*value);
    }
    return std::nullopt;
}

std::string ignored(std::string_view name, std::string_view value, std::string_view why) {
    return std::string(name) + ": '" + std::string(value) + "' " + std::string(why);
}

// Whole digits to a count, held at `cap`; nullopt unless every character is a digit.
std::optional<long long> whole_number(std::string_view text, long long cap) {
    if (text.empty() || !std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    long long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || value > cap) {
        return cap;
    }
    return value;
}

Duration seconds(long long count) {
    return count > kMaxMillis / 1000 ? kMaxDuration : Duration{count * 1000};
}

// Seconds with up to three decimals ("30", "1.5"), as milliseconds. Held at a bound far past
// kMaxDuration, so that a Unix time, larger than kMaxDuration, still reads as itself.
std::optional<std::chrono::milliseconds> decimal_seconds(std::string_view text) {
    constexpr long long kMostSeconds = 1'000'000'000'000'000;  // 10^18 ms fits in 64 bits
    const auto point = text.find('.');
    const auto whole = whole_number(text.substr(0, point), kMostSeconds);
    if (!whole) {
        return std::nullopt;
    }
    long long millis = 0;
    if (point != std::string_view::npos) {
        const std::string_view fraction = text.substr(point + 1);
        if (fraction.empty() || fraction.size() > 3 || !whole_number(fraction, 999)) {
            return std::nullopt;
        }
        millis = *whole_number(fraction, 999);
        for (std::size_t i = fraction.size(); i < 3; ++i) {
            millis *= 10;
        }
    }
    return std::chrono::milliseconds{*whole * 1000 + millis};
}

// X-RateLimit-Reset: seconds to wait, or the Unix time to wait until, per `unit`.
std::optional<Duration> reset_delay(std::string_view text, WallTime now, ResetUnit unit) {
    const auto value = decimal_seconds(text);
    if (!value) {
        return std::nullopt;
    }
    const bool is_time =
        unit == ResetUnit::unix_time ||
        (unit == ResetUnit::detect && *value > std::chrono::seconds(kUnixTimeFloor));
    if (!is_time) {
        return std::min(*value, kMaxDuration);
    }
    // Compared before converting to the clock's finer unit, which would overflow past ~2262.
    const auto now_ms = std::chrono::floor<std::chrono::milliseconds>(now.time_since_epoch());
    if (*value <= now_ms) {
        return Duration{0};
    }
    return std::min(*value - now_ms, kMaxDuration);
}

// The longest wait any spent policy of a RateLimit field asks for. A member with r=0 and no t
// waits its RateLimit-Policy window (w), the longest a quota can take to come back.
std::optional<ServerWait> ratelimit_wait(const Response& response,
                                         std::vector<std::string>& notes) {
    const auto value = field(response, "RateLimit");
    if (!value) {
        return std::nullopt;
    }
    const auto items = parse_rate_limit_field(*value);
    if (!items) {
        notes.push_back(ignored("RateLimit", *value, "is not a list of policies"));
        return std::nullopt;
    }
    std::optional<std::vector<RateLimitItem>> policies;
    if (const auto policy_value = field(response, "RateLimit-Policy")) {
        policies = parse_rate_limit_field(*policy_value);
        if (!policies) {
            notes.push_back(
                ignored("RateLimit-Policy", *policy_value, "is not a list of policies"));
        }
    }
    const auto window_of = [&policies](const std::string& name) -> std::optional<long long> {
        if (!policies) {
            return std::nullopt;
        }
        for (const RateLimitItem& policy : *policies) {
            const auto w = policy.integers.find("w");
            if (policy.policy == name && w != policy.integers.end() && w->second >= 0) {
                return w->second;
            }
        }
        return std::nullopt;
    };
    std::optional<Duration> longest;
    for (const RateLimitItem& item : *items) {
        const auto r = item.integers.find("r");
        if (r == item.integers.end() || r->second < 0) {
            notes.push_back(ignored("RateLimit", *value,
                                    "has a policy without a remaining quota (r) of 0 or more"));
            return std::nullopt;
        }
        if (r->second > 0) {
            continue;
        }
        std::optional<long long> wait;
        if (const auto t = item.integers.find("t"); t != item.integers.end() && t->second >= 0) {
            wait = t->second;
        } else {
            wait = window_of(item.policy);
        }
        if (wait) {
            longest = std::max(longest.value_or(Duration{0}), seconds(*wait));
        }
    }
    if (!longest) {
        return std::nullopt;
    }
    return ServerWait{*longest, DelaySource::ratelimit};
}

// X-RateLimit-Reset, when X-RateLimit-Remaining says none is left or is not sent at all.
std::optional<ServerWait> x_ratelimit_wait(const Response& response, WallTime now, ResetUnit unit,
                                           std::vector<std::string>& notes) {
    const auto reset = field(response, "X-RateLimit-Reset");
    if (!reset) {
        return std::nullopt;
    }
    if (const auto remaining = field(response, "X-RateLimit-Remaining")) {
        const auto count = whole_number(*remaining, kMaxMillis);
        if (!count) {
            notes.push_back(ignored("X-RateLimit-Remaining", *remaining, "is not a whole number"));
            return std::nullopt;
        }
        if (*count > 0) {
            return std::nullopt;
        }
    }
    const auto delay = reset_delay(*reset, now, unit);
    if (!delay) {
        notes.push_back(ignored("X-RateLimit-Reset", *reset, "is not a number of seconds"));
        return std::nullopt;
    }
    return ServerWait{*delay, DelaySource::x_ratelimit_reset};
}

std::optional<ServerWait> quota_wait(const Response& response, WallTime now, ResetUnit unit,
                                     std::vector<std::string>& notes) {
    // The standard field first: a server that sends both means the same quota.
    if (auto wait = ratelimit_wait(response, notes)) {
        return wait;
    }
    return x_ratelimit_wait(response, now, unit, notes);
}

}  // namespace

std::string_view field_name(DelaySource source) {
    switch (source) {
        case DelaySource::retry_after_ms:
            return "retry-after-ms";
        case DelaySource::ratelimit:
            return "RateLimit";
        case DelaySource::x_ratelimit_reset:
            return "X-RateLimit-Reset";
        case DelaySource::retry_after:
        case DelaySource::backoff:
        case DelaySource::deadline:
            break;
    }
    return "Retry-After";
}

ServerWaitReading read_server_wait(const Response& response, WallTime now,
                                   HttpDateParser parse_date, ResetUnit reset_unit) {
    ServerWaitReading reading;
    if (const auto value = field(response, "Retry-After")) {
        if (const auto asked = parse_retry_after(*value, now, parse_date)) {
            reading.wait = ServerWait{*asked, DelaySource::retry_after};
            return reading;
        }
        reading.ignored.push_back(
            ignored("Retry-After", *value, "is neither a number of seconds nor an HTTP-date"));
    }
    if (const auto value = field(response, "retry-after-ms")) {
        if (const auto millis = whole_number(*value, kMaxMillis)) {
            reading.wait = ServerWait{Duration{*millis}, DelaySource::retry_after_ms};
            return reading;
        }
        reading.ignored.push_back(
            ignored("retry-after-ms", *value, "is not a whole number of milliseconds"));
    }
    reading.wait = quota_wait(response, now, reset_unit, reading.ignored);
    return reading;
}

std::string format_asked_wait(Duration asked) {
    if (asked >= kMaxDuration) {
        return format_duration(kMaxDuration) + " or more";
    }
    return format_duration(asked);
}

bool is_quota_field(DelaySource source) {
    return source == DelaySource::ratelimit || source == DelaySource::x_ratelimit_reset;
}

}  // namespace rfetch
