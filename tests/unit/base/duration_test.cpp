#include "core/base/duration.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

using rfetch::Duration;
using rfetch::format_duration;
using rfetch::parse_duration;

TEST_CASE("durations read every documented unit", "[duration]") {
    CHECK(parse_duration("250ms") == Duration{250});
    CHECK(parse_duration("1.5s") == Duration{1500});
    CHECK(parse_duration("2m") == Duration{120'000});
    CHECK(parse_duration("1h") == Duration{3'600'000});
    CHECK(parse_duration("3") == Duration{3000});
    CHECK(parse_duration("0.25") == Duration{250});
    CHECK(parse_duration("0") == Duration{0});
    CHECK(parse_duration(".5s") == Duration{500});
}

TEST_CASE("durations refuse what they cannot mean", "[duration]") {
    for (const char* bad : {"", "ms", "s", "-1s", "-1", "5x", "1.5.2s", "1 s", "1e3s", "inf", "nan",
                            "+1s", "1sm", "1ms2"}) {
        INFO(bad);
        CHECK_FALSE(parse_duration(bad).has_value());
    }
}

TEST_CASE("durations past the limit are refused, not wrapped", "[duration]") {
    CHECK_FALSE(parse_duration("99999999999999999999h").has_value());
    CHECK_FALSE(parse_duration("1000000000001ms").has_value());
    CHECK(parse_duration("1000000000000ms") == rfetch::kMaxDuration);
}

TEST_CASE("durations format the way they parse", "[duration]") {
    CHECK(format_duration(Duration{250}) == "250ms");
    CHECK(format_duration(Duration{1500}) == "1.5s");
    CHECK(format_duration(Duration{1050}) == "1.05s");
    CHECK(format_duration(Duration{120'000}) == "2m");
    CHECK(format_duration(Duration{3'600'000}) == "1h");
    CHECK(format_duration(Duration{0}) == "0ms");
    for (const Duration d : {Duration{1}, Duration{999}, Duration{1001}, Duration{61'500}}) {
        CHECK(parse_duration(format_duration(d)) == d);
    }
}

TEST_CASE("sums of durations saturate at the longest duration", "[duration]") {
    using rfetch::kMaxDuration;
    CHECK(rfetch::saturating_add(Duration{1}, Duration{2}) == Duration{3});
    CHECK(rfetch::saturating_add(kMaxDuration, Duration{1}) == kMaxDuration);
    CHECK(rfetch::saturating_add(kMaxDuration, kMaxDuration) == kMaxDuration);
    CHECK(rfetch::saturating_add(Duration::max(), Duration::max()) == kMaxDuration);
}

TEST_CASE("scaled durations saturate, and zero stays zero", "[duration]") {
    using rfetch::kMaxDuration;
    const double infinity = std::numeric_limits<double>::infinity();
    CHECK(rfetch::saturating_scale(Duration{100}, 2.5) == Duration{250});
    CHECK(rfetch::saturating_scale(Duration{0}, infinity) == Duration{0});
    CHECK(rfetch::saturating_scale(Duration{0}, std::nan("")) == Duration{0});
    CHECK(rfetch::saturating_scale(Duration{1}, infinity) == kMaxDuration);
    CHECK(rfetch::saturating_scale(kMaxDuration, 3.0) == kMaxDuration);
    CHECK(rfetch::saturating_scale(Duration{100}, 0.0) == Duration{0});
}
