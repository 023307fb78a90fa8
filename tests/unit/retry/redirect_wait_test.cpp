#include "core/retry/redirect_wait.h"

#include <catch2/catch.hpp>

#include "core/retry/retry_decider.h"
#include "unit/fakes.h"

using namespace rfetch;
using rfetch::testing::FixedRandom;
using rfetch::testing::no_dates;

namespace {

const WallTime kNow{std::chrono::seconds(1'700'000'000)};

// Reads the one date the tests send, ten seconds after kNow, and one long past.
std::optional<WallTime> two_dates(std::string_view text) {
    if (text == "soon") {
        return kNow + std::chrono::seconds(10);
    }
    if (text == "past") {
        return kNow - std::chrono::hours(1);
    }
    return std::nullopt;
}

AttemptResult stopped_at(RedirectWait::Verdict verdict, Duration asked) {
    AttemptResult result;
    result.response.emplace();
    result.response->status = 302;
    RedirectWait wait;
    wait.verdict = verdict;
    wait.status = 302;
    wait.asked = asked;
    wait.most = Duration{120'000};
    wait.time_left = Duration{2'000};
    result.redirect_waits.push_back(wait);
    return result;
}

}  // namespace

TEST_CASE("a redirect waits what its Retry-After asks, as seconds or an HTTP-date",
          "[redirect-wait]") {
    CHECK(redirect_delay("1", kNow, two_dates) == Duration{1'000});
    CHECK(redirect_delay(" 30 ", kNow, two_dates) == Duration{30'000});
    CHECK(redirect_delay("soon", kNow, two_dates) == Duration{10'000});
    // A huge number saturates, so the limit refuses it rather than a wrapped small wait.
    CHECK(redirect_delay("99999999999999999999", kNow, two_dates) == kMaxDuration);
}

TEST_CASE("a redirect that asks for no wait, or cannot be read, is followed at once",
          "[redirect-wait]") {
    CHECK_FALSE(redirect_delay("0", kNow, two_dates));
    CHECK_FALSE(redirect_delay("past", kNow, two_dates));
    CHECK_FALSE(redirect_delay("soonish", kNow, two_dates));
    CHECK_FALSE(redirect_delay("-5", kNow, two_dates));
    CHECK_FALSE(redirect_delay("1.5", kNow, two_dates));
    CHECK_FALSE(redirect_delay("", kNow, two_dates));
}

TEST_CASE("a redirect's wait is judged against the longest allowed and the deadline",
          "[redirect-wait]") {
    const Duration most{120'000};
    SECTION("within both, it is waited") {
        const RedirectWait wait = judge_redirect_wait(303, Duration{5'000}, most, Duration{6'000});
        CHECK(wait.verdict == RedirectWait::Verdict::wait);
        CHECK(wait.status == 303);
        CHECK(wait.asked == Duration{5'000});
        CHECK(judge_redirect_wait(302, most, most, std::nullopt).verdict ==
              RedirectWait::Verdict::wait);
    }
    SECTION("longer than allowed, it is refused, whatever the deadline leaves") {
        CHECK(judge_redirect_wait(302, most + Duration{1}, most, std::nullopt).verdict ==
              RedirectWait::Verdict::too_long);
        CHECK(judge_redirect_wait(302, kMaxDuration, most, Duration{1}).verdict ==
              RedirectWait::Verdict::too_long);
    }
    SECTION("reaching the deadline, it is refused: never followed early") {
        CHECK(judge_redirect_wait(302, Duration{6'000}, most, Duration{6'000}).verdict ==
              RedirectWait::Verdict::past_deadline);
        CHECK(judge_redirect_wait(302, Duration{5'000}, most, Duration{0}).verdict ==
              RedirectWait::Verdict::past_deadline);
        const RedirectWait wait = judge_redirect_wait(302, Duration{9'000}, most, Duration{10});
        CHECK(wait.time_left == Duration{10});
    }
}

TEST_CASE("an attempt stopped at a refused redirect ends the run", "[redirect-wait]") {
    SECTION("past the deadline, as a Retry-After past it does") {
        const auto decision =
            refused_redirect(stopped_at(RedirectWait::Verdict::past_deadline, Duration{5'000}));
        REQUIRE(decision);
        CHECK(decision->action == Action::give_up);
        CHECK(decision->outcome == Outcome::deadline);
        CHECK(decision->reason ==
              "a redirect (HTTP 302) whose Retry-After asks for 5s, more than the 2s left "
              "before the deadline");
    }
    SECTION("longer than allowed, as a Retry-After too long does") {
        const auto decision =
            refused_redirect(stopped_at(RedirectWait::Verdict::too_long, Duration{300'000}));
        REQUIRE(decision);
        CHECK(decision->outcome == Outcome::retry_after_too_long);
        CHECK(decision->setting == Setting::max_retry_after);
    }
    SECTION("a wait too large to hold is reported as what it is") {
        const auto decision =
            refused_redirect(stopped_at(RedirectWait::Verdict::too_long, kMaxDuration));
        REQUIRE(decision);
        CHECK(decision->reason ==
              "a redirect (HTTP 302) whose Retry-After asks for 1000000000s or more, more than "
              "the limit of 2m");
    }
    SECTION("a redirect waited out is no refusal") {
        CHECK_FALSE(refused_redirect(stopped_at(RedirectWait::Verdict::wait, Duration{1'000})));
        CHECK_FALSE(refused_redirect(AttemptResult{}));
    }
}

TEST_CASE("the decider gives up on a refused redirect with retries left", "[redirect-wait]") {
    RetryPolicy policy;
    policy.retries = 5;
    FixedRandom random(0.0);
    RetryDecider decider(policy, random, no_dates);
    AttemptContext context;
    context.method = "GET";
    const Decision decision =
        decider.decide(context, stopped_at(RedirectWait::Verdict::past_deadline, Duration{5'000}));
    CHECK(decision.action == Action::give_up);
    CHECK(decision.outcome == Outcome::deadline);
}
