#include "core/retry/retry_decider.h"

#include <catch2/catch.hpp>

#include "unit/fakes.h"

using namespace rfetch;
using rfetch::testing::failure;
using rfetch::testing::FixedRandom;
using rfetch::testing::no_dates;
using rfetch::testing::status;

namespace {

const TimePoint kStart{std::chrono::hours(1)};
const WallTime kWallStart{std::chrono::seconds(1'700'000'000)};

RetryPolicy none_jitter_policy() {
    RetryPolicy policy;
    policy.retries = 3;
    policy.backoff = {Duration{1000}, Duration{30'000}, 2.0, JitterMode::none};
    return policy;
}

AttemptContext at(int attempt, std::optional<TimePoint> deadline = std::nullopt,
                  std::string_view method = "GET") {
    return {attempt, method, kStart, kWallStart, deadline, std::nullopt};
}

std::optional<WallTime> one_date(std::string_view text) {
    if (text == "Tue, 14 Nov 2023 22:13:25 GMT") {
        return kWallStart + std::chrono::seconds(5);
    }
    return std::nullopt;
}

}  // namespace

TEST_CASE("retries follow the backoff until they run out", "[decider]") {
    FixedRandom random(0.5);
    RetryDecider decider(none_jitter_policy(), random, no_dates);
    for (int attempt = 1; attempt <= 3; ++attempt) {
        const Decision d = decider.decide(at(attempt), status(503));
        CHECK(d.action == Action::retry);
        CHECK(d.delay == Duration{1000 << (attempt - 1)});
        CHECK(d.delay_source == DelaySource::backoff);
    }
    const Decision last = decider.decide(at(4), status(503));
    CHECK(last.action == Action::give_up);
    CHECK(last.outcome == Outcome::exhausted);
}

TEST_CASE("zero retries means one attempt", "[decider]") {
    FixedRandom random(0.5);
    RetryPolicy policy = none_jitter_policy();
    policy.retries = 0;
    RetryDecider decider(policy, random, no_dates);
    CHECK(decider.decide(at(1), status(503)).outcome == Outcome::exhausted);
}

TEST_CASE("success and final statuses end the run at once", "[decider]") {
    FixedRandom random(0.5);
    RetryDecider decider(none_jitter_policy(), random, no_dates);
    CHECK(decider.decide(at(1), status(200)).action == Action::success);
    const Decision not_found = decider.decide(at(1), status(404));
    CHECK(not_found.action == Action::give_up);
    CHECK(not_found.outcome == Outcome::http_error);
}

TEST_CASE("Retry-After is a floor under the backoff", "[decider]") {
    FixedRandom low(0.0);
    RetryDecider decider(none_jitter_policy(), low, no_dates);
    const Decision d = decider.decide(at(1), status(429, {{"Retry-After", "7"}}));
    CHECK(d.action == Action::retry);
    CHECK(d.delay == Duration{7000});
    CHECK(d.delay_source == DelaySource::retry_after);
}

TEST_CASE("Retry-After adds at most a tenth to spread a herd", "[decider]") {
    FixedRandom high(0.9999999);
    RetryDecider decider(none_jitter_policy(), high, no_dates);
    const Decision d = decider.decide(at(1), status(503, {{"retry-after", "10"}}));
    CHECK(d.delay == Duration{11'000});
}

TEST_CASE("a backoff longer than Retry-After wins", "[decider]") {
    FixedRandom low(0.0);
    RetryPolicy policy = none_jitter_policy();
    policy.backoff.base = Duration{5000};
    RetryDecider decider(policy, low, no_dates);
    const Decision d = decider.decide(at(1), status(503, {{"Retry-After", "1"}}));
    CHECK(d.delay == Duration{5000});
    CHECK(d.delay_source == DelaySource::backoff);
}

TEST_CASE("Retry-After as an HTTP-date", "[decider]") {
    FixedRandom low(0.0);
    RetryDecider decider(none_jitter_policy(), low, one_date);
    const Decision d =
        decider.decide(at(1), status(503, {{"Retry-After", "Tue, 14 Nov 2023 22:13:25 GMT"}}));
    CHECK(d.delay == Duration{5000});
    CHECK(d.delay_source == DelaySource::retry_after);
}

TEST_CASE("an unreadable Retry-After falls back to the backoff", "[decider]") {
    FixedRandom low(0.0);
    RetryDecider decider(none_jitter_policy(), low, no_dates);
    const Decision d = decider.decide(at(1), status(503, {{"Retry-After", "soon"}}));
    CHECK(d.action == Action::retry);
    CHECK(d.delay == Duration{1000});
    CHECK(d.delay_source == DelaySource::backoff);
}

TEST_CASE("a Retry-After past --max-retry-after gives up instead of sleeping", "[decider]") {
    FixedRandom low(0.0);
    RetryDecider decider(none_jitter_policy(), low, no_dates);
    const Decision d = decider.decide(at(1), status(503, {{"Retry-After", "121"}}));
    CHECK(d.action == Action::give_up);
    CHECK(d.outcome == Outcome::retry_after_too_long);
    CHECK_THAT(d.reason, Catch::Contains("2m"));
    CHECK(d.setting == Setting::max_retry_after);
    CHECK(decider.decide(at(1), status(503, {{"Retry-After", "120"}})).action == Action::retry);
}

TEST_CASE("a wait that would reach the deadline is cut so that a last attempt fits", "[decider]") {
    FixedRandom low(0.0);
    RetryDecider decider(none_jitter_policy(), low, no_dates);
    // 999 ms left and a backoff of 1 s: the last attempt starts 100 ms before the deadline.
    const Decision cut = decider.decide(at(1, kStart + Duration{999}), status(503));
    CHECK(cut.action == Action::retry);
    CHECK(cut.delay == Duration{899});
    CHECK(cut.delay_source == DelaySource::deadline);
    // That was the last one: the next wait that reaches the deadline ends the run.
    const Decision last = decider.decide(at(2, kStart + Duration{100}), status(503));
    CHECK(last.action == Action::give_up);
    CHECK(last.outcome == Outcome::deadline);
    CHECK_THAT(last.reason, Catch::Contains("no further attempt fits before the deadline"));

    RetryDecider roomy(none_jitter_policy(), low, no_dates);
    const Decision whole = roomy.decide(at(1, kStart + Duration{1001}), status(503));
    CHECK(whole.action == Action::retry);
    CHECK(whole.delay == Duration{1000});
    CHECK(whole.delay_source == DelaySource::backoff);
}

TEST_CASE("with less time left than a last attempt's share, it starts at once", "[decider]") {
    FixedRandom low(0.0);
    RetryDecider decider(none_jitter_policy(), low, no_dates);
    const Decision d = decider.decide(at(1, kStart + Duration{60}), status(503));
    CHECK(d.action == Action::retry);
    CHECK(d.delay == Duration{0});
    CHECK(d.delay_source == DelaySource::deadline);
}

TEST_CASE("a connect timeout the user chose is kept free before the deadline", "[decider]") {
    FixedRandom low(0.0);
    RetryPolicy policy = none_jitter_policy();
    policy.connect_timeout = Duration{2000};
    RetryDecider decider(policy, low, no_dates);
    // 5 s left: a 1 s wait leaves 4 s, more than the 2 s the next attempt may need.
    const Decision roomy = decider.decide(at(1, kStart + Duration{5000}), status(503));
    CHECK(roomy.action == Action::retry);
    CHECK(roomy.delay == Duration{1000});
    // 2.5 s left: the wait is cut so that the last attempt starts with 2 s left.
    const Decision cut = decider.decide(at(2, kStart + Duration{2500}), status(503));
    CHECK(cut.action == Action::retry);
    CHECK(cut.delay == Duration{500});
    CHECK(cut.delay_source == DelaySource::deadline);
}

TEST_CASE("no retry starts with less than the chosen connect timeout left", "[decider]") {
    FixedRandom low(0.0);
    RetryPolicy policy = none_jitter_policy();
    policy.connect_timeout = Duration{2000};
    RetryDecider decider(policy, low, no_dates);
    const Decision d = decider.decide(at(1, kStart + Duration{1900}), status(503));
    CHECK(d.action == Action::give_up);
    CHECK(d.outcome == Outcome::deadline);
    CHECK_THAT(d.reason, Catch::Contains("less than the connect timeout of 2s is left"));

    // Without a chosen connect timeout the same 1.9 s still holds one last attempt.
    RetryDecider unset(none_jitter_policy(), low, no_dates);
    CHECK(unset.decide(at(1, kStart + Duration{1900}), status(503)).action == Action::retry);
}

TEST_CASE("a Retry-After that leaves less than the connect timeout gives up", "[decider]") {
    FixedRandom low(0.0);
    RetryPolicy policy = none_jitter_policy();
    policy.connect_timeout = Duration{2000};
    RetryDecider decider(policy, low, no_dates);
    const Decision d =
        decider.decide(at(1, kStart + Duration{5000}), status(503, {{"Retry-After", "4"}}));
    CHECK(d.action == Action::give_up);
    CHECK(d.outcome == Outcome::deadline);
    CHECK_THAT(d.reason, Catch::Contains("less the connect timeout of 2s"));
}

TEST_CASE("a Retry-After is never cut by the deadline", "[decider]") {
    FixedRandom high(0.9999999);
    // 5 s asked, up to 5.5 s with the spread, 5.05 s left: a cut would leave 4.95 s, but the
    // server's 5 s stand.
    RetryDecider decider(none_jitter_policy(), high, no_dates);
    const Decision d =
        decider.decide(at(1, kStart + Duration{5050}), status(503, {{"Retry-After", "5"}}));
    CHECK(d.action == Action::retry);
    CHECK(d.delay == Duration{5000});

    RetryDecider short_of_time(none_jitter_policy(), high, no_dates);
    const Decision asked =
        short_of_time.decide(at(1, kStart + Duration{4000}), status(503, {{"Retry-After", "5"}}));
    CHECK(asked.action == Action::give_up);
    CHECK(asked.outcome == Outcome::deadline);
    CHECK_THAT(asked.reason, Catch::Contains("Retry-After asks for 5s, more than the 4s left"));
}

TEST_CASE("a timeout at the deadline is the deadline's doing", "[decider]") {
    FixedRandom low(0.0);
    RetryDecider decider(none_jitter_policy(), low, no_dates);
    const Decision d = decider.decide(at(1, kStart), failure(FailureKind::timeout, 28));
    CHECK(d.outcome == Outcome::deadline);
}

TEST_CASE("an unsafe method is not retried after it may have been sent", "[decider]") {
    FixedRandom low(0.0);
    RetryDecider decider(none_jitter_policy(), low, no_dates);
    const Decision d = decider.decide(at(1, std::nullopt, "POST"), failure(FailureKind::reset, 56));
    CHECK(d.action == Action::give_up);
    CHECK(d.outcome == Outcome::not_retryable);

    RetryPolicy keyed = none_jitter_policy();
    keyed.has_idempotency_key = true;
    RetryDecider with_key(keyed, low, no_dates);
    CHECK(with_key.decide(at(1, std::nullopt, "POST"), failure(FailureKind::reset, 56)).action ==
          Action::retry);
}

TEST_CASE("the retry window (curl's --retry-max-time) stops a retry that would start after it",
          "[decider]") {
    FixedRandom random(0.5);
    RetryPolicy policy = none_jitter_policy();
    policy.retries = 100;
    policy.backoff = {Duration{1000}, Duration{1000}, 1.0, JitterMode::none};
    policy.retry_window = Duration{2500};
    RetryDecider decider(policy, random, no_dates);
    const auto after = [](int attempt, Duration elapsed) {
        AttemptContext context = at(attempt);
        context.run_started = kStart - elapsed;
        return context;
    };
    // Starting 1.5 s after the first attempt started is inside the window; 2.5 s is its edge.
    CHECK(decider.decide(after(1, Duration{500}), status(503)).action == Action::retry);
    CHECK(decider.decide(after(2, Duration{1500}), status(503)).action == Action::retry);
    const Decision late = decider.decide(after(3, Duration{1501}), status(503));
    CHECK(late.action == Action::give_up);
    CHECK(late.outcome == Outcome::exhausted);
    CHECK(late.delay == Duration{0});
}

TEST_CASE("the retry window also stops a Retry-After wait that would end after it", "[decider]") {
    FixedRandom random(0.0);
    RetryPolicy policy = none_jitter_policy();
    policy.retry_window = Duration{5000};
    RetryDecider decider(policy, random, no_dates);
    AttemptContext context = at(1);
    context.run_started = kStart;
    CHECK(decider.decide(context, status(503, {{"Retry-After", "4"}})).action == Action::retry);
    CHECK(decider.decide(context, status(503, {{"Retry-After", "6"}})).outcome ==
          Outcome::exhausted);
}

TEST_CASE("a spent quota sets the wait, and the log names its field", "[decider][ratelimit]") {
    FixedRandom low(0.0);
    RetryDecider decider(none_jitter_policy(), low, no_dates);
    const Decision ratelimit = decider.decide(at(1), status(429, {{"RateLimit", "\"d\";r=0;t=7"}}));
    CHECK(ratelimit.action == Action::retry);
    CHECK(ratelimit.delay == Duration{7000});
    CHECK(ratelimit.delay_source == DelaySource::ratelimit);
    CHECK(ratelimit.quota_reset == Duration{7000});

    const Decision x = decider.decide(
        at(1), status(503, {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "4"}}));
    CHECK(x.delay == Duration{4000});
    CHECK(x.delay_source == DelaySource::x_ratelimit_reset);

    const Decision ms = decider.decide(at(1), status(429, {{"retry-after-ms", "2500"}}));
    CHECK(ms.delay == Duration{2500});
    CHECK(ms.delay_source == DelaySource::retry_after_ms);
}

TEST_CASE("a rate-limit wait past --max-retry-after gives up, naming the field",
          "[decider][ratelimit]") {
    FixedRandom low(0.0);
    RetryDecider decider(none_jitter_policy(), low, no_dates);
    const Decision d = decider.decide(at(1), status(429, {{"X-RateLimit-Reset", "999999"}}));
    CHECK(d.action == Action::give_up);
    CHECK(d.outcome == Outcome::retry_after_too_long);
    CHECK_THAT(d.reason, Catch::Contains("X-RateLimit-Reset asks for"));
}

TEST_CASE("a rate-limit wait is a floor the deadline may not cut", "[decider][ratelimit]") {
    FixedRandom low(0.0);
    RetryDecider decider(none_jitter_policy(), low, no_dates);
    const Decision d = decider.decide(at(1, kStart + std::chrono::seconds(5)),
                                      status(429, {{"RateLimit", "\"d\";r=0;t=10"}}));
    CHECK(d.outcome == Outcome::deadline);
    CHECK_THAT(d.reason, Catch::Contains("RateLimit asks for 10s"));
}

TEST_CASE("a success that spends the quota tells the next request to wait, capped",
          "[decider][ratelimit]") {
    FixedRandom low(0.0);
    RetryPolicy policy = none_jitter_policy();
    policy.max_retry_after = Duration{60'000};
    RetryDecider decider(policy, low, no_dates);
    const Decision spent = decider.decide(
        at(1), status(200, {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "20"}}));
    CHECK(spent.action == Action::success);
    CHECK(spent.quota_reset == Duration{20'000});
    const Decision huge = decider.decide(at(1), status(200, {{"RateLimit", "d;r=0;t=86400"}}));
    CHECK(huge.quota_reset == Duration{60'000});
    CHECK_FALSE(decider.decide(at(1), status(200, {{"RateLimit", "d;r=1;t=9"}})).quota_reset);
    // Retry-After wins: a response with both holds the origin by neither.
    CHECK_FALSE(
        decider.decide(at(1), status(503, {{"Retry-After", "1"}, {"RateLimit", "d;r=0;t=60"}}))
            .quota_reset);
    const Decision bad = decider.decide(at(1), status(200, {{"X-RateLimit-Reset", "later"}}));
    CHECK_FALSE(bad.quota_reset);
    CHECK(bad.ignored_fields.size() == 1);
}

TEST_CASE("the reset unit settles what X-RateLimit-Reset means", "[decider][ratelimit]") {
    FixedRandom low(0.0);
    RetryPolicy policy = none_jitter_policy();
    policy.ratelimit_reset = ResetUnit::unix_time;
    RetryDecider decider(policy, low, no_dates);
    const std::string in_9s = std::to_string(1'700'000'009);
    CHECK(decider.decide(at(1), status(429, {{"X-RateLimit-Reset", in_9s}})).delay ==
          Duration{9000});
    // A small value read as a Unix time is long past: no wait, so the backoff decides.
    const Decision past = decider.decide(at(1), status(429, {{"X-RateLimit-Reset", "30"}}));
    CHECK(past.delay == Duration{1000});
    CHECK(past.delay_source == DelaySource::backoff);
}

TEST_CASE("a Retry-After too large to hold is reported as what it is, never as a smaller amount",
          "[decider]") {
    const auto in_2099 = [](std::string_view) -> std::optional<WallTime> {
        return WallTime{std::chrono::seconds(4'070'908'800)};  // 2099-01-01
    };
    const std::string value = GENERATE("99999999999999999999", "Thu, 01 Jan 2099 00:00:00 GMT");
    INFO(value);
    FixedRandom low(0.0);
    RetryDecider decider(none_jitter_policy(), low, in_2099);
    const Decision d = decider.decide(at(1), status(503, {{"Retry-After", value}}));
    CHECK(d.outcome == Outcome::retry_after_too_long);
    CHECK_THAT(d.reason, Catch::EndsWith("Retry-After asks for 1000000000s or more, more than "
                                         "the limit of 2m"));
}

TEST_CASE("a large Retry-After that can be held is reported as sent", "[decider]") {
    FixedRandom low(0.0);
    RetryDecider decider(none_jitter_policy(), low, no_dates);
    const Decision held = decider.decide(at(1), status(503, {{"Retry-After", "999999999"}}));
    CHECK_THAT(held.reason, Catch::EndsWith("Retry-After asks for 999999999s, more than the "
                                            "limit of 2m"));
}

TEST_CASE(
    "a Retry-After too large to hold, past the deadline of a poll, is reported as what "
    "it is",
    "[decider]") {
    FixedRandom low(0.0);
    RetryPolicy policy = none_jitter_policy();
    policy.max_retry_after = kMaxDuration;
    RetryDecider decider(policy, low, no_dates);
    const Decision d = decider.decide(at(1, kStart + Duration{60'000}),
                                      status(503, {{"Retry-After", "99999999999999999999"}}));
    CHECK(d.outcome == Outcome::deadline);
    CHECK_THAT(d.reason, Catch::Contains("Retry-After asks for 1000000000s or more, more than the "
                                         "1m left before the deadline"));
}
