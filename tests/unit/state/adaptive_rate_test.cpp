#include "core/state/adaptive_rate.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <optional>
#include <queue>
#include <vector>

using namespace rfetch;

namespace {

const WallTime kStart{std::chrono::seconds(1'700'000'000)};
const AdaptiveRatePolicy kPolicy{};

WallTime at_ms(long long ms) {
    return kStart + std::chrono::milliseconds(ms);
}

// A state in the CUBIC phase at `rate`, as a throttle at rate / β leaves it.
AdaptiveRateState throttled_at(double rate_before, WallTime when) {
    AdaptiveRateState state;
    CHECK(take_token(state, when, kPolicy).wait == Duration{0});
    state.rate = rate_before;
    record_answer(state, when, when, true, kPolicy);
    return state;
}

}  // namespace

TEST_CASE("an origin nothing is known of lets one request go, then ten a second", "[adaptive]") {
    AdaptiveRateState state;
    CHECK(take_token(state, kStart, kPolicy).taken);
    // The next token is owed to the request that asked first, as many as the bucket holds (one).
    const TokenGrant owed = take_token(state, kStart, kPolicy);
    CHECK(owed.taken);
    CHECK(owed.wait == Duration{100});
    // The one after is told to ask again once that is paid.
    const TokenGrant later = take_token(state, at_ms(50), kPolicy);
    CHECK_FALSE(later.taken);
    CHECK(later.wait == Duration{100});
    CHECK(take_token(state, at_ms(100), kPolicy).wait == Duration{100});
    // After a quiet spell the bucket holds one token again, not the time that went by.
    CHECK(take_token(state, at_ms(5000), kPolicy).wait == Duration{0});
    CHECK(take_token(state, at_ms(5000), kPolicy).wait == Duration{100});
    CHECK(state.phase == AdaptivePhase::slow_start);
}

TEST_CASE("unthrottled answers at the rate double it every quarter second", "[adaptive]") {
    AdaptiveRateState state;
    long long now = 0;
    while (now < 1000) {
        const TokenGrant grant = take_token(state, at_ms(now), kPolicy);
        now += grant.wait.count();
        REQUIRE(grant.taken);
        record_answer(state, at_ms(now + 1), at_ms(now), false, kPolicy);
    }
    // Four doublings of 10 a second, give or take the steps of whole milliseconds.
    CHECK(state.rate > 100.0);
    CHECK(state.rate < 300.0);
    CHECK(state.phase == AdaptivePhase::slow_start);
}

TEST_CASE("a throttle keeps β of the rate and starts CUBIC's curve", "[adaptive]") {
    const AdaptiveRateState state = throttled_at(100.0, kStart);
    CHECK(state.phase == AdaptivePhase::cubic);
    CHECK(state.rate == Approx(70.0));
    CHECK(state.last_max_rate == Approx(100.0));
    CHECK(state.last_throttle_at == kStart);
}

TEST_CASE("the answers to one burst lower the rate once, not once each", "[adaptive]") {
    AdaptiveRateState state = throttled_at(100.0, at_ms(10));
    // Sent before the throttle that lowered the rate: that lowering answered for them.
    for (int i = 0; i < 49; ++i) {
        record_answer(state, at_ms(11 + i), at_ms(5), true, kPolicy);
    }
    CHECK(state.rate == Approx(70.0));
    // Sent after it: the rate is still too high.
    record_answer(state, at_ms(80), at_ms(70), true, kPolicy);
    CHECK(state.rate < 70.0);
}

TEST_CASE("the rate grows back along CUBIC's curve, flat near the old rate", "[adaptive]") {
    AdaptiveRateState state = throttled_at(100.0, kStart);
    // K = ∛(100 × 0.3 / 0.4) ≈ 4.217 s; the measured rate is kept high, so that it does not cap.
    const auto grow_at = [&state](double seconds) {
        state.measured_rate = 1000.0;
        const WallTime when = kStart + std::chrono::milliseconds(std::llround(seconds * 1000));
        record_answer(state, when, when, false, kPolicy);
        return state.rate;
    };
    const double k = std::cbrt(100.0 * 0.3 / 0.4);
    CHECK(grow_at(1.0) == Approx(0.4 * std::pow(1.0 - k, 3) + 100.0).epsilon(0.01));
    CHECK(grow_at(k) == Approx(100.0).epsilon(0.01));
    CHECK(grow_at(k + 2.0) == Approx(0.4 * 8.0 + 100.0).epsilon(0.01));
}

TEST_CASE("a rate the runs do not use grows to at most twice what they use", "[adaptive]") {
    AdaptiveRateState state = throttled_at(100.0, kStart);
    // Twenty seconds of ten answers a second: CUBIC alone would reach 0.4 × (20 − 4.2)³ + 100,
    // about 1,700 a second.
    long long now = 0;
    for (; now < 20'000; now += 100) {
        record_answer(state, at_ms(now), at_ms(now), false, kPolicy);
    }
    CHECK(state.rate == Approx(70.0));
    // Then sixty a second for a second: the rate grows, to twice that at most.
    for (const long long until = now + 1000; now < until; now += 16) {
        record_answer(state, at_ms(now), at_ms(now), false, kPolicy);
    }
    CHECK(state.rate > 70.0);
    CHECK(state.rate <= 2.0 * 63.0);
}

TEST_CASE("the rate never falls below one request every two seconds", "[adaptive]") {
    AdaptiveRateState state;
    CHECK(take_token(state, kStart, kPolicy).wait == Duration{0});
    for (int i = 1; i <= 100; ++i) {
        record_answer(state, at_ms(i * 10), at_ms(i * 10), true, kPolicy);
    }
    CHECK(state.rate == Approx(0.5));
    CHECK(take_token(state, at_ms(1000), kPolicy).wait <= Duration{2000});
}

TEST_CASE("the measured rate counts the answers of each tenth of a second", "[adaptive]") {
    AdaptiveRateState state;
    CHECK(take_token(state, kStart, kPolicy).wait == Duration{0});
    // Forty answers a second, for two seconds.
    for (int i = 0; i <= 80; ++i) {
        record_answer(state, at_ms(i * 25), at_ms(i * 25), false, kPolicy);
    }
    CHECK(state.measured_rate == Approx(40.0).epsilon(0.05));
}

TEST_CASE("a bucket holds a tenth of a second's tokens, and a quiet spell no more", "[adaptive]") {
    AdaptiveRateState state = throttled_at(1000.0 / 0.7, kStart);  // 1,000 a second
    int went = 0;
    while (take_token(state, at_ms(60'000), kPolicy).wait == Duration{0}) {
        ++went;
    }
    CHECK(went == 100);
}

TEST_CASE("what no run used for ten minutes is forgotten", "[adaptive]") {
    AdaptiveRateState state = throttled_at(2.0, kStart);
    CHECK(state.rate == Approx(1.4));
    CHECK(take_token(state, kStart + std::chrono::minutes(11), kPolicy).wait == Duration{0});
    CHECK(state.phase == AdaptivePhase::slow_start);
    CHECK(state.rate == Approx(kPolicy.start_rate));
}

TEST_CASE("a stored state out of bounds is held to them", "[adaptive]") {
    AdaptiveRateState state;
    state.refilled_at = kStart;
    state.rate = 0.0;
    CHECK(take_token(state, kStart, kPolicy).wait == Duration{2000});
    state.rate = std::nan("");
    state.tokens = 0.0;
    CHECK(take_token(state, kStart, kPolicy).wait == Duration{2000});
    state.rate = 1e300;
    CHECK(take_token(state, at_ms(1), kPolicy).wait == Duration{0});
    CHECK(state.rate == kPolicy.max_rate);
}

TEST_CASE("a clock that steps back neither adds tokens nor fails", "[adaptive]") {
    AdaptiveRateState state;
    CHECK(take_token(state, at_ms(1000), kPolicy).wait == Duration{0});
    CHECK(take_token(state, at_ms(0), kPolicy).wait == Duration{100});
    record_answer(state, at_ms(0), at_ms(1000), false, kPolicy);
    CHECK(std::isfinite(state.rate));
}

namespace {

// nginx's limit_req (ngx_http_limit_req_module.c) at `rate` a second with `burst` and nodelay:
// the excess, in thousandths of a request, leaks at the rate; a request that would push it
// past the burst is refused and leaves it as it was.
class LimitReq {
  public:
    LimitReq(int rate, int burst) : rate_(rate), burst_(burst) {}

    bool accept(long long now_ms) {
        long long excess = excess_ - rate_ * (now_ms - last_ms_) + 1000;
        excess = std::max(0LL, excess);
        if (excess > burst_ * 1000LL) {
            return false;
        }
        excess_ = excess;
        last_ms_ = now_ms;
        return true;
    }

  private:
    long long rate_;
    long long burst_;
    long long excess_ = 0;
    long long last_ms_ = 0;
};

struct Simulated {
    int throttled = 0;
    int sent = 0;
    long long took_ms = 0;
};

// `transfers` at once fetch `urls` URLs through one bucket, retrying each 429 at once; every
// answer comes a millisecond after its request.
Simulated fetch_through(LimitReq server, int urls, int transfers) {
    AdaptiveRateState state;
    Simulated simulated;
    // When a transfer asks for a token, or goes with the one it was owed since `token_at`.
    struct Event {
        long long at;
        int transfer;
        std::optional<long long> token_at;
        bool operator>(const Event& other) const { return at > other.at; }
    };
    std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
    int left = urls;
    for (int transfer = 0; transfer < transfers && left > 0; ++transfer, --left) {
        events.push({0, transfer, std::nullopt});
    }
    while (!events.empty()) {
        Event event = events.top();
        events.pop();
        const long long now = event.at;
        if (!event.token_at) {
            const TokenGrant grant = take_token(state, at_ms(now), kPolicy);
            if (grant.taken) {
                event.token_at = now;
            }
            if (grant.wait > Duration{0}) {
                events.push({now + grant.wait.count(), event.transfer, event.token_at});
                continue;
            }
        }
        ++simulated.sent;
        const bool ok = server.accept(now);
        record_answer(state, at_ms(now + 1), at_ms(*event.token_at), !ok, kPolicy);
        simulated.took_ms = now + 1;
        if (!ok) {
            ++simulated.throttled;
            events.push({now + 1, event.transfer, std::nullopt});
        } else if (left > 0) {
            --left;
            events.push({now + 1, event.transfer, std::nullopt});
        }
    }
    return simulated;
}

}  // namespace

TEST_CASE("fifty transfers against limit_req at 100 a second earn few 429s", "[adaptive]") {
    const Simulated run = fetch_through(LimitReq(100, 10), 1000, 50);
    INFO("sent " << run.sent << ", throttled " << run.throttled << ", took " << run.took_ms
                 << " ms");
    CHECK(run.throttled * 20 < run.sent);
    CHECK(run.took_ms <= 13'000);
}

TEST_CASE("a server a hundred times faster is reached in a few seconds", "[adaptive]") {
    const Simulated run = fetch_through(LimitReq(10'000, 10), 20'000, 50);
    INFO("sent " << run.sent << ", throttled " << run.throttled << ", took " << run.took_ms
                 << " ms");
    CHECK(run.throttled * 20 < run.sent);
    CHECK(run.took_ms <= 6'000);
}
