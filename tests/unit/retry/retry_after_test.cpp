#include "core/retry/retry_after.h"

#include <catch2/catch.hpp>

using rfetch::Duration;
using rfetch::parse_retry_after;
using rfetch::WallTime;

namespace {

const WallTime kNow{std::chrono::seconds(1'700'000'000)};

// Stands in for libcurl's parser: one known date, 90 s after kNow, and one in the past.
std::optional<WallTime> two_dates(std::string_view text) {
    if (text == "Tue, 14 Nov 2023 22:14:50 GMT") {
        return kNow + std::chrono::seconds(90);
    }
    if (text == "Sun, 06 Nov 1994 08:49:37 GMT") {
        return WallTime{std::chrono::seconds(784111777)};
    }
    return std::nullopt;
}

}  // namespace

TEST_CASE("Retry-After in delay-seconds", "[retry-after]") {
    CHECK(parse_retry_after("120", kNow, two_dates) == Duration{120'000});
    CHECK(parse_retry_after("0", kNow, two_dates) == Duration{0});
    CHECK(parse_retry_after("  7 ", kNow, two_dates) == Duration{7000});
}

TEST_CASE("Retry-After as an HTTP-date counts from now", "[retry-after]") {
    CHECK(parse_retry_after("Tue, 14 Nov 2023 22:14:50 GMT", kNow, two_dates) == Duration{90'000});
}

TEST_CASE("Retry-After in the past means no wait", "[retry-after]") {
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kNow, two_dates) == Duration{0});
}

TEST_CASE("Retry-After too large to hold saturates, so the limit check refuses it",
          "[retry-after]") {
    CHECK(parse_retry_after("99999999999999999999999", kNow, two_dates) == rfetch::kMaxDuration);
    CHECK(parse_retry_after("1000000000000", kNow, two_dates) == rfetch::kMaxDuration);
}

TEST_CASE("Retry-After dates centuries away neither overflow nor flip", "[retry-after]") {
    // Found by fuzz_retry_after: the difference was taken before it was checked.
    const auto far_past = [](std::string_view) -> std::optional<WallTime> {
        return WallTime{std::chrono::seconds{-8'520'336'000}};
    };
    const auto far_future = [](std::string_view) -> std::optional<WallTime> {
        return WallTime::max();
    };
    CHECK(parse_retry_after("Mon, 01 Jan 1700 00:00:00 GMT", kNow, far_past) == Duration{0});
    CHECK(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", kNow, far_future) ==
          rfetch::kMaxDuration);
}

TEST_CASE("Retry-After that is neither form is ignored", "[retry-after]") {
    for (const char* bad : {"", "soon", "-5", "1.5", "+3", "0x10", "12 13"}) {
        INFO(bad);
        CHECK_FALSE(parse_retry_after(bad, kNow, two_dates).has_value());
    }
}
