#include "core/state/origin_state.h"

#include <catch2/catch.hpp>

using namespace rfetch;

namespace {

const WallTime kWhen{std::chrono::milliseconds(1'700'000'000'123)};

}  // namespace

TEST_CASE("the stored form is one line of JSON that reads back the same", "[state]") {
    OriginState state;
    state.budget.milli_tokens = 9'900;
    state.breaker = {4, kWhen, kWhen + Duration{30'000}};

    const std::string text = serialize_origin_state("http://example.com:80", state);
    CHECK(text == R"({"origin":"http://example.com:80","retry_budget":{"tokens":9.9},)"
                  R"("circuit_breaker":{"consecutive_failures":4,"open_until_ms":1700000000123,)"
                  R"("probe_until_ms":1700000030123},)"
                  R"("cooperation":{"phase":"healthy","failed_probes":0,"next_probe_ms":null,)"
                  R"("prober":"","probe_until_ms":null,"ramp_started_ms":null,"ramp_taken":0}})"
                  "\n");

    const auto back = parse_origin_state(text);
    REQUIRE(back);
    CHECK(back->origin == "http://example.com:80");
    CHECK(back->state.budget.milli_tokens == 9'900);
    CHECK(back->state.breaker.consecutive_failures == 4);
    CHECK(back->state.breaker.open_until == kWhen);
    CHECK(back->state.breaker.probe_until == kWhen + Duration{30'000});
}

TEST_CASE("the cooperative state reads back the same", "[state][cooperation]") {
    OriginState state;
    state.cooperation.phase = CooperationPhase::ramp;
    state.cooperation.failed_probes = 3;
    state.cooperation.next_probe = kWhen;
    state.cooperation.prober = "0123456789abcdef/0";
    state.cooperation.probe_until = kWhen + Duration{2'000};
    state.cooperation.ramp_started = kWhen + Duration{1};
    state.cooperation.ramp_taken = 42;

    const auto back = parse_origin_state(serialize_origin_state("http://a:80", state));
    REQUIRE(back);
    const CooperationState& read = back->state.cooperation;
    CHECK(read.phase == CooperationPhase::ramp);
    CHECK(read.failed_probes == 3);
    CHECK(read.next_probe == kWhen);
    CHECK(read.prober == "0123456789abcdef/0");
    CHECK(read.probe_until == kWhen + Duration{2'000});
    CHECK(read.ramp_started == kWhen + Duration{1});
    CHECK(read.ramp_taken == 42);
}

TEST_CASE("empty state stores nulls and reads back empty", "[state]") {
    const auto back = parse_origin_state(serialize_origin_state("https://a:443", {}));
    REQUIRE(back);
    CHECK_FALSE(back->state.budget.milli_tokens);
    CHECK(back->state.breaker.consecutive_failures == 0);
    CHECK_FALSE(back->state.breaker.open_until);
}

TEST_CASE("text that is not the stored form is refused, never thrown", "[state]") {
    const std::string text = GENERATE(
        "", "garbage", "{", "[]", "null", R"({"retry_budget":{}})", R"({"origin":7})",
        R"({"origin":"o","retry_budget":{"tokens":"many"}})",
        R"({"origin":"o","retry_budget":{"tokens":-1}})",
        R"({"origin":"o","cooperation":{"phase":"sleepy"}})",
        R"({"origin":"o","cooperation":{"phase":"ramp"}})",
        R"({"origin":"o","cooperation":{"failed_probes":-1}})",
        R"({"origin":"o","cooperation":{"prober":5}})", R"({"origin":"o","cooperation":[]})",
        R"({"origin":"o","retry_budget":{"tokens":1e300}})", R"({"origin":"o","retry_budget":[]})",
        R"({"origin":"o","circuit_breaker":{"consecutive_failures":-2}})",
        R"({"origin":"o","circuit_breaker":{"open_until_ms":"soon"}})",
        R"({"origin":"o","circuit_breaker":{"open_until_ms":1.5e300}})",
        R"({"origin":"o","circuit_breaker":{"open_until_ms":9223372036854775807}})",
        R"({"origin":"o","circuit_breaker":{"probe_until_ms":-1}})",
        R"({"origin":"o","circuit_breaker":{"consecutive_failures":1.5}})",
        std::string("{\"origin\":\"o\"\0}", 15));
    INFO(text);
    CHECK_FALSE(parse_origin_state(text));
}

TEST_CASE("rfetch --state shows the breaker's phase at the time asked", "[state]") {
    OriginState state;
    state.breaker = {5, kWhen, std::nullopt};
    CHECK(describe_origin_state(state, kWhen - Duration{1})["circuit_breaker"]["state"] == "open");
    CHECK(describe_origin_state(state, kWhen)["circuit_breaker"]["state"] == "half_open");
    CHECK(describe_origin_state({}, kWhen)["circuit_breaker"]["state"] == "closed");
    CHECK(describe_origin_state({}, kWhen)["retry_budget"]["tokens"].is_null());
}

TEST_CASE("a spent quota's reset is stored and read back", "[state][quota]") {
    OriginState state;
    state.quota_reset_at = WallTime(std::chrono::milliseconds(1'700'000'020'000));
    const std::string text = serialize_origin_state("http://example.com:80", state);
    CHECK_THAT(text, Catch::Contains("\"quota_reset_at_ms\":1700000020000"));
    const auto back = parse_origin_state(text);
    REQUIRE(back);
    CHECK(back->state.quota_reset_at == state.quota_reset_at);
    CHECK_FALSE(parse_origin_state(R"({"origin":"http://a:80","quota_reset_at_ms":"soon"})"));
    // Past what a WallTime can hold, the time would overflow as it is read: refused.
    CHECK_FALSE(
        parse_origin_state(R"({"origin":"http://a:80","quota_reset_at_ms":9000000000000000})"));
}

TEST_CASE("an adaptive pace is stored and read back, its times in microseconds",
          "[state][adaptive]") {
    OriginState state;
    CHECK_THAT(serialize_origin_state("http://a:80", state), !Catch::Contains("adaptive_rate"));
    AdaptiveRateState pace;
    pace.phase = AdaptivePhase::cubic;
    pace.rate = 70.5;
    pace.tokens = -2.5;
    pace.refilled_at = WallTime(std::chrono::microseconds(1'700'000'000'123'456));
    pace.last_max_rate = 100.0;
    pace.last_throttle_at = WallTime(std::chrono::microseconds(1'700'000'000'000'001));
    pace.measured_rate = 98.0;
    pace.measuring_since = pace.refilled_at;
    pace.measured_answers = 7;
    state.adaptive_rate = pace;
    const std::string text = serialize_origin_state("http://a:80", state);
    CHECK_THAT(text, Catch::Contains("\"refilled_at_us\":1700000000123456"));
    const auto back = parse_origin_state(text);
    REQUIRE(back);
    REQUIRE(back->state.adaptive_rate);
    const AdaptiveRateState& read = *back->state.adaptive_rate;
    CHECK(read.phase == AdaptivePhase::cubic);
    CHECK(read.rate == 70.5);
    CHECK(read.tokens == -2.5);
    CHECK(read.refilled_at == pace.refilled_at);
    CHECK(read.last_max_rate == 100.0);
    CHECK(read.last_throttle_at == pace.last_throttle_at);
    CHECK(read.measured_rate == 98.0);
    CHECK(read.measuring_since == pace.measuring_since);
    CHECK(read.measured_answers == 7);
}

TEST_CASE("a stored adaptive pace that is not one is refused", "[state][adaptive]") {
    for (const char* bad : {
             R"({"origin":"http://a:80","adaptive_rate":7})",
             R"({"origin":"http://a:80","adaptive_rate":{"phase":"fast"}})",
             R"({"origin":"http://a:80","adaptive_rate":{"rate":-1}})",
             R"({"origin":"http://a:80","adaptive_rate":{"rate":1e300}})",
             R"({"origin":"http://a:80","adaptive_rate":{"tokens":"many"}})",
             R"({"origin":"http://a:80","adaptive_rate":{"tokens":-1e12}})",
             R"({"origin":"http://a:80","adaptive_rate":{"refilled_at_us":-5}})",
             R"({"origin":"http://a:80","adaptive_rate":{"refilled_at_us":9000000000000000000}})",
             R"({"origin":"http://a:80","adaptive_rate":{"measured_answers":1.5}})",
         }) {
        INFO(bad);
        CHECK_FALSE(parse_origin_state(bad));
    }
    CHECK(parse_origin_state(R"({"origin":"http://a:80","adaptive_rate":{}})"));
}
