#include "cli/curl_transfer_settings.h"

#include <charconv>
#include <climits>
#include <cmath>
#include <string>

#include "cli/usage_error.h"

namespace rfetch {
namespace {

// libcurl takes these values as a long and keeps some as an int.
constexpr long kLargest = INT_MAX;

// curl's str2unum: a whole number, 0 or more, in digits alone.
long whole_number(std::string_view flag, const std::string& text) {
    long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() || value < 0 ||
        value > kLargest) {
        reject(flag, text,
               "is not a whole number from 0 to " + std::to_string(kLargest) + ", as curl takes");
    }
    return value;
}

// curl's str2udouble for --expect100-timeout: seconds, with a fraction, to milliseconds.
long milliseconds_of_seconds(std::string_view flag, const std::string& text) {
    double seconds = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() ||
        !std::isfinite(seconds) || seconds < 0 || seconds * 1000 > kLargest) {
        reject(flag, text, "is not a number of seconds, such as 1 or 0.5");
    }
    return std::lround(seconds * 1000);
}

// As curl 7.88: --speed-limit alone is measured over 30 seconds; --speed-time alone cuts a
// transfer that gets less than a byte a second.
void set_low_speed(const RawOptions& raw, TransferSettings& transfer) {
    if (!raw.speed_limit && !raw.speed_time) {
        return;
    }
    TransferSettings::LowSpeed low_speed;
    if (raw.speed_limit) {
        low_speed.bytes_per_second = whole_number("--speed-limit", *raw.speed_limit);
    }
    if (raw.speed_time) {
        low_speed.seconds = whole_number("--speed-time", *raw.speed_time);
    }
    transfer.low_speed = low_speed;
}

}  // namespace

void apply_curl_transfer_settings(const RawOptions& raw, TransferSettings& transfer) {
    transfer.tcp_keepalive = raw.keepalive;
    if (raw.keepalive_time) {
        // As curl: 0 keeps libcurl's own times.
        if (const long seconds = whole_number("--keepalive-time", *raw.keepalive_time);
            seconds > 0) {
            transfer.keepalive_seconds = seconds;
        }
    }
    transfer.tcp_nodelay = raw.tcp_nodelay;
    transfer.tcp_fastopen = raw.tcp_fastopen;
    if (raw.expect100_timeout) {
        // As curl: 0 keeps libcurl's default of a second.
        if (const long ms = milliseconds_of_seconds("--expect100-timeout", *raw.expect100_timeout);
            ms > 0) {
            transfer.expect100_timeout_ms = ms;
        }
    }
    if (raw.happy_eyeballs_timeout_ms) {
        transfer.happy_eyeballs_timeout_ms =
            whole_number("--happy-eyeballs-timeout-ms", *raw.happy_eyeballs_timeout_ms);
    }
    transfer.disallow_username_in_url = raw.disallow_username_in_url;
    transfer.keep_post = {raw.post301, raw.post302, raw.post303};
    set_low_speed(raw, transfer);
}

}  // namespace rfetch
