#include "core/retry/server_wait.h"

#include <catch2/catch.hpp>

#include "core/retry/rate_limit_field.h"
#include "unit/fakes.h"

using namespace rfetch;
using rfetch::testing::no_dates;

namespace {

const WallTime kNow{std::chrono::seconds(1'700'000'000)};

Response with(std::vector<Header> headers, int code = 429) {
    Response response;
    response.status = code;
    response.headers = std::move(headers);
    return response;
}

ServerWaitReading read(std::vector<Header> headers, ResetUnit unit = ResetUnit::detect) {
    return read_server_wait(with(std::move(headers)), kNow, no_dates, unit);
}

}  // namespace

TEST_CASE("a RateLimit field is a list of policies with integer parameters", "[ratelimit]") {
    const auto items = parse_rate_limit_field(R"("default";r=0;t=30, burst;r=5;t=1;x="a";b)");
    REQUIRE(items);
    REQUIRE(items->size() == 2);
    CHECK((*items)[0].policy == "default");
    CHECK((*items)[0].integers.at("r") == 0);
    CHECK((*items)[0].integers.at("t") == 30);
    CHECK((*items)[1].policy == "burst");
    CHECK((*items)[1].integers.at("r") == 5);
    CHECK((*items)[1].integers.count("x") == 0);
    CHECK((*items)[1].integers.count("b") == 0);
}

TEST_CASE("a RateLimit field that is not a structured list is ignored whole", "[ratelimit]") {
    for (const char* bad :
         {"", "limit=10, remaining=0, reset=5", "\"p\";r=", "\"p\";R=1", "\"p\";r=1,",
          "\"unterminated;r=0", "\"p\";r=1234567890123456", "1;r=0", "\"p\" \"q\""}) {
        INFO(bad);
        CHECK_FALSE(parse_rate_limit_field(bad));
    }
}

TEST_CASE("Retry-After wins over every other field", "[ratelimit]") {
    const auto reading = read({{"RateLimit", "\"d\";r=0;t=50"},
                               {"retry-after-ms", "1500"},
                               {"Retry-After", "3"},
                               {"X-RateLimit-Reset", "90"}});
    REQUIRE(reading.wait);
    CHECK(reading.wait->delay == Duration{3000});
    CHECK(reading.wait->source == DelaySource::retry_after);
}

TEST_CASE("retry-after-ms comes next, in milliseconds", "[ratelimit]") {
    const auto reading = read({{"retry-after-ms", "1500"}, {"RateLimit", "\"d\";r=0;t=50"}});
    REQUIRE(reading.wait);
    CHECK(reading.wait->delay == Duration{1500});
    CHECK(reading.wait->source == DelaySource::retry_after_ms);
}

TEST_CASE("an unreadable Retry-After is noted and the next field decides", "[ratelimit]") {
    const auto reading = read({{"Retry-After", "soon"}, {"retry-after-ms", "250"}});
    REQUIRE(reading.wait);
    CHECK(reading.wait->delay == Duration{250});
    REQUIRE(reading.ignored.size() == 1);
    CHECK_THAT(reading.ignored[0], Catch::Contains("Retry-After: 'soon'"));
}

TEST_CASE("RateLimit with nothing left waits its t, the longest of the spent policies",
          "[ratelimit]") {
    const auto reading = read({{"RateLimit", "\"hour\";r=0;t=30, \"day\";r=0;t=600, m;r=3;t=9"}});
    REQUIRE(reading.wait);
    CHECK(reading.wait->delay == Duration{600'000});
    CHECK(reading.wait->source == DelaySource::ratelimit);
}

TEST_CASE("RateLimit with quota left asks for no wait", "[ratelimit]") {
    CHECK_FALSE(read({{"RateLimit", "\"d\";r=4;t=30"}}).wait);
}

TEST_CASE("RateLimit without t waits its policy's window", "[ratelimit]") {
    const auto reading =
        read({{"RateLimit", "\"burst\";r=0"}, {"RateLimit-Policy", "\"burst\";q=100;w=60"}});
    REQUIRE(reading.wait);
    CHECK(reading.wait->delay == Duration{60'000});
    CHECK_FALSE(read({{"RateLimit", "\"burst\";r=0"}}).wait);
}

TEST_CASE("a malformed RateLimit is noted, never trusted", "[ratelimit]") {
    const auto reading = read({{"RateLimit", "r=0, t=abc"}, {"X-RateLimit-Reset", "7"}});
    REQUIRE(reading.wait);
    CHECK(reading.wait->source == DelaySource::x_ratelimit_reset);
    REQUIRE(reading.ignored.size() == 1);
    CHECK_THAT(reading.ignored[0], Catch::StartsWith("RateLimit: 'r=0, t=abc'"));
    CHECK_FALSE(read({{"RateLimit", "\"d\";t=30"}}).wait);
}

TEST_CASE("X-RateLimit-Reset counts when nothing remains, or no count is sent", "[ratelimit]") {
    const auto spent = read({{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "12"}});
    REQUIRE(spent.wait);
    CHECK(spent.wait->delay == Duration{12'000});
    CHECK(spent.wait->source == DelaySource::x_ratelimit_reset);
    CHECK(read({{"X-RateLimit-Reset", "1.5"}}).wait->delay == Duration{1500});
    CHECK_FALSE(read({{"X-RateLimit-Remaining", "3"}, {"X-RateLimit-Reset", "12"}}).wait);
}

TEST_CASE("X-RateLimit-Reset above 10^9 is a Unix time unless told otherwise", "[ratelimit]") {
    const std::string in_40s = std::to_string(1'700'000'040);
    CHECK(read({{"X-RateLimit-Reset", in_40s}}).wait->delay == Duration{40'000});
    CHECK(read({{"X-RateLimit-Reset", "1600000000"}}).wait->delay == Duration{0});
    CHECK(read({{"X-RateLimit-Reset", "30"}}, ResetUnit::unix_time).wait->delay == Duration{0});
    CHECK(read({{"X-RateLimit-Reset", in_40s}}, ResetUnit::seconds).wait->delay == kMaxDuration);
}

TEST_CASE("a huge reset saturates, so the limit check refuses it", "[ratelimit]") {
    CHECK(
        read({{"X-RateLimit-Reset", "99999999999999999999999"}}, ResetUnit::seconds).wait->delay ==
        kMaxDuration);
    CHECK(read({{"X-RateLimit-Reset", "99999999999999999999999"}}).wait->delay == kMaxDuration);
    CHECK(read({{"retry-after-ms", "99999999999999999999999"}}).wait->delay == kMaxDuration);
    CHECK(read({{"RateLimit", "\"d\";r=0;t=999999999999999"}}).wait->delay == kMaxDuration);
}

TEST_CASE("malformed X-RateLimit fields are noted and ignored", "[ratelimit]") {
    for (const auto& headers : std::vector<std::vector<Header>>{
             {{"X-RateLimit-Reset", "-5"}},
             {{"X-RateLimit-Reset", "soon"}},
             {{"X-RateLimit-Reset", "1.2345"}},
             {{"X-RateLimit-Remaining", "none"}, {"X-RateLimit-Reset", "5"}},
             {{"retry-after-ms", "1.5"}}}) {
        const auto reading = read(headers);
        INFO(headers[0].value);
        CHECK_FALSE(reading.wait);
        CHECK(reading.ignored.size() == 1);
    }
}

TEST_CASE("only RateLimit and X-RateLimit-* speak of the origin's quota", "[ratelimit]") {
    CHECK(is_quota_field(DelaySource::ratelimit));
    CHECK(is_quota_field(DelaySource::x_ratelimit_reset));
    CHECK_FALSE(is_quota_field(DelaySource::retry_after));
    CHECK_FALSE(is_quota_field(DelaySource::retry_after_ms));
}
