// parse_retry_after reads what a server sends, so the input is hostile by definition. The date
// form needs a parser the core borrows from libcurl; here a stub stands in for it, so this
// target covers the core's side: the seconds form, trimming, and the arithmetic on a date.

#include <chrono>
#include <cstdint>
#include <optional>

#include "core/retry/retry_after.h"
#include "fuzz_check.h"

namespace {

using rfetch::WallTime;
using std::chrono::seconds;

// 2024-01-01T00:00:00Z: a fixed "now", so a crash reproduces.
constexpr std::int64_t kNowEpoch = 1'704'067'200;
const WallTime kNow{seconds{kNowEpoch}};

// Dates the stub knows. The real parser (curl_getdate) is the http layer's and is not linked.
// "@<seconds since the epoch>" lets the fuzzer reach any date, bounded so that the time point
// itself fits in system_clock (about ±292 years of nanoseconds in libstdc++).
std::optional<WallTime> stub_parse_date(std::string_view text) {
    if (text == "Mon, 01 Jan 2024 00:01:00 GMT") {
        return WallTime{seconds{kNowEpoch + 60}};
    }
    if (text == "Sun, 31 Dec 2023 23:59:00 GMT") {
        return WallTime{seconds{kNowEpoch - 60}};
    }
    if (text == "Tue, 01 Jan 2200 00:00:00 GMT") {
        return WallTime{seconds{7'258'118'400}};
    }
    if (text.size() < 2 || text.size() > 12 || text.front() != '@') {
        return std::nullopt;
    }
    std::int64_t epoch = 0;
    bool negative = false;
    text.remove_prefix(1);
    if (text.front() == '-') {
        negative = true;
        text.remove_prefix(1);
    }
    if (text.empty()) {
        return std::nullopt;
    }
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        epoch = epoch * 10 + (c - '0');
    }
    if (epoch > 9'000'000'000) {
        return std::nullopt;
    }
    return WallTime{seconds{negative ? -epoch : epoch}};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = rfetch_fuzz::as_text(data, size);
    const auto wait = rfetch::parse_retry_after(text, kNow, stub_parse_date);
    if (wait) {
        FUZZ_CHECK(*wait >= rfetch::Duration{0} && *wait <= rfetch::kMaxDuration, text);
    }
    return 0;
}
