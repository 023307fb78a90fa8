#include "core/base/duration.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace rfetch {
namespace {

struct Unit {
    std::string_view suffix;
    double millis;
};

// Longest suffix first, so "ms" is not read as "m" followed by junk.
constexpr std::array<Unit, 4> kUnits{{{"ms", 1.0}, {"s", 1e3}, {"m", 60e3}, {"h", 3600e3}}};

}  // namespace

Duration saturating_add(Duration a, Duration b) {
    // Both are at most kMaxDuration, so their sum fits in the representation before the clamp.
    return std::min(std::min(a, kMaxDuration) + std::min(b, kMaxDuration), kMaxDuration);
}

Duration saturating_scale(Duration a, double factor) {
    if (a <= Duration{0} || !(factor > 0)) {
        return Duration{0};
    }
    const double scaled = static_cast<double>(a.count()) * factor;
    if (!(scaled < static_cast<double>(kMaxDuration.count()))) {
        return kMaxDuration;
    }
    return Duration{static_cast<Duration::rep>(scaled)};
}

std::optional<Duration> parse_duration(std::string_view text) {
    double millis_per_unit = 1e3;
    for (const Unit& unit : kUnits) {
        if (text.size() > unit.suffix.size() && text.ends_with(unit.suffix)) {
            text.remove_suffix(unit.suffix.size());
            millis_per_unit = unit.millis;
            break;
        }
    }
    if (text.empty() ||
        !(std::isdigit(static_cast<unsigned char>(text.front())) != 0 || text.front() == '.')) {
        return std::nullopt;
    }
    double value = 0;
    const auto [end, error] =
        std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
    if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    const double millis = std::round(value * millis_per_unit);
    if (millis > static_cast<double>(kMaxDuration.count())) {
        return std::nullopt;
    }
    return Duration{static_cast<Duration::rep>(millis)};
}

std::string format_duration(Duration d) {
    const auto ms = d.count();
    if (ms % 3'600'000 == 0 && ms != 0) {
        return std::to_string(ms / 3'600'000) + "h";
    }
    if (ms % 60'000 == 0 && ms != 0) {
        return std::to_string(ms / 60'000) + "m";
    }
    if (ms < 1000) {
        return std::to_string(ms) + "ms";
    }
    std::string text = std::to_string(ms / 1000);
    if (const auto fraction = ms % 1000; fraction != 0) {
        std::string digits = std::to_string(fraction + 1000).substr(1);
        digits.erase(digits.find_last_not_of('0') + 1);
        text += "." + digits;
    }
    return text + "s";
}

}  // namespace rfetch
