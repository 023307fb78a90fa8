#include "core/output/progress_line.h"

#include <array>
#include <cmath>
#include <cstdio>

namespace rfetch {
namespace {

constexpr int kBarWidth = 24;

std::string format_seconds(double seconds) {
    const long whole = std::lround(seconds);
    if (whole < 60) {
        return std::to_string(whole) + "s";
    }
    char text[32];
    std::snprintf(text, sizeof text, "%ldm%02lds", whole / 60, whole % 60);
    return text;
}

}  // namespace

std::string format_bytes(std::uint64_t bytes) {
    static constexpr std::array<const char*, 4> kUnits{"KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024) {
        return std::to_string(bytes) + " B";
    }
    auto value = static_cast<double>(bytes) / 1024;
    std::size_t unit = 0;
    while (value >= 1024 && unit + 1 < kUnits.size()) {
        value /= 1024;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
    return text;
}

std::string download_line(std::uint64_t received, std::uint64_t total,
                          std::chrono::milliseconds elapsed) {
    std::string line = format_bytes(received);
    if (total > 0 && received <= total) {
        const double share = static_cast<double>(received) / static_cast<double>(total);
        const int filled = static_cast<int>(share * kBarWidth);
        char percent[8];
        std::snprintf(percent, sizeof percent, "%3.0f%%", share * 100);
        line += " / " + format_bytes(total) + " [" + std::string(filled, '#') +
                std::string(kBarWidth - filled, ' ') + "] " + percent;
    }
    if (elapsed.count() > 0) {
        const double rate =
            static_cast<double>(received) * 1000.0 / static_cast<double>(elapsed.count());
        line += "  " + format_bytes(static_cast<std::uint64_t>(rate)) + "/s";
        if (total > received && rate > 0) {
            line += "  ETA " + format_seconds(static_cast<double>(total - received) / rate);
        }
    }
    return line;
}

std::string countdown_line(std::string_view why, Duration left) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1fs", static_cast<double>(left.count()) / 1000.0);
    return std::string(why) + ", next attempt in " + seconds;
}

}  // namespace rfetch
