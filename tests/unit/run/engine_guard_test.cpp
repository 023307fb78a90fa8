// The engine with the shared limits: a retry budget and a circuit breaker kept in a store.

#include <catch2/catch.hpp>

#include "core/poll/json_condition.h"
#include "core/run/engine.h"
#include "core/state/origin_guard.h"
#include "unit/fakes.h"

using namespace rfetch;
using rfetch::testing::FakeClock;
using rfetch::testing::FakeTransport;
using rfetch::testing::FixedRandom;
using rfetch::testing::MemoryStateStore;
using rfetch::testing::no_dates;
using rfetch::testing::RecordingObserver;
using rfetch::testing::run_holding_bodies;
using rfetch::testing::status;

namespace {

constexpr const char* kOrigin = "http://example.test:80";
const RetryBudgetPolicy kBudget{10'000, 100};
const CircuitBreakerPolicy kBreaker{2, Duration{30'000}};

RetryPolicy retries(int n) {
    RetryPolicy policy;
    policy.retries = n;
    policy.backoff = {Duration{100}, Duration{100}, 2.0, JitterMode::none};
    return policy;
}

// One run, as one process would make it: its own engine, the store shared with other runs.
struct Run {
    Run(FakeClock& clock, MemoryStateStore& store, SharedLimits limits,
        std::deque<FakeTransport::Step> steps, RetryPolicy policy = retries(5),
        RunLimits run_limits = {})
        : transport(clock, std::move(steps)),
          decider(policy, random, no_dates),
          guard(store, kOrigin, limits, {"me/0", &random}),
          engine(transport, clock, decider, run_limits, nullptr, &guard) {
        store.clock = &clock;
    }

    RunResult operator()() { return run_holding_bodies(engine, request, observer); }

    FixedRandom random{0.0};
    FakeTransport transport;
    RetryDecider decider;
    OriginGuard guard;
    Engine engine;
    RecordingObserver observer;
    Request request{"GET", "http://example.test/", {}, std::nullopt};
};

std::deque<FakeTransport::Step> always(int code, int times) {
    return std::deque<FakeTransport::Step>(static_cast<std::size_t>(times), {status(code)});
}

}  // namespace

TEST_CASE("a refused retry gives up on the failure it was, with the budget as the reason",
          "[engine][budget]") {
    FakeClock clock;
    MemoryStateStore store;
    store.origins[kOrigin].budget.milli_tokens = 6'000;
    Run run(clock, store, {kBudget, std::nullopt, std::nullopt}, always(503, 1));

    const RunResult result = run();

    CHECK(result.attempts == 1);
    CHECK(result.outcome == Outcome::exhausted);
    REQUIRE(result.final_response);
    CHECK(result.final_response->status == 503);
    REQUIRE(run.observer.records.size() == 1);
    const Decision& decision = run.observer.records[0].decision;
    CHECK(decision.action == Action::give_up);
    CHECK(decision.reason == "retry budget exhausted");
    CHECK(decision.delay == Duration{0});
    CHECK(store.origins[kOrigin].budget.milli_tokens == 5'000);
    CHECK(clock.waits.empty());
}

TEST_CASE("runs against one origin share the budget: an outage costs MAX/2 retries in all",
          "[engine][budget]") {
    FakeClock clock;
    MemoryStateStore store;
    Run first(clock, store, {kBudget, std::nullopt, std::nullopt}, always(503, 6));
    CHECK(first().attempts == 5);  // 9, 8, 7, 6 tokens left: retry; 5: refused

    Run second(clock, store, {kBudget, std::nullopt, std::nullopt}, always(503, 6));
    const RunResult result = second();
    CHECK(result.attempts == 1);  // a first attempt always goes out
    CHECK(second.observer.records[0].decision.reason == "retry budget exhausted");
    CHECK(store.origins[kOrigin].budget.milli_tokens == 4'000);
}

TEST_CASE("a success earns RATIO back and a final 404 costs nothing", "[engine][budget]") {
    FakeClock clock;
    MemoryStateStore store;
    store.origins[kOrigin].budget.milli_tokens = 5'000;
    Run ok(clock, store, {kBudget, std::nullopt, std::nullopt}, always(200, 1));
    CHECK(ok().outcome == Outcome::success);
    CHECK(store.origins[kOrigin].budget.milli_tokens == 5'100);

    Run missing(clock, store, {kBudget, std::nullopt, std::nullopt}, always(404, 1));
    CHECK(missing().outcome == Outcome::http_error);
    CHECK(store.origins[kOrigin].budget.milli_tokens == 5'100);
}

TEST_CASE("the last retry the policy allows is not spent twice", "[engine][budget]") {
    FakeClock clock;
    MemoryStateStore store;
    Run run(clock, store, {kBudget, std::nullopt, std::nullopt}, always(503, 2), retries(1));
    const RunResult result = run();
    CHECK(result.attempts == 2);
    // Both failures took a token; the give-up says the policy ran out, not the budget.
    CHECK(store.origins[kOrigin].budget.milli_tokens == 8'000);
    CHECK(run.observer.records[1].decision.reason.find("no retries are left") != std::string::npos);
}

TEST_CASE("an open breaker ends the run before any attempt, saying how long is left",
          "[engine][breaker]") {
    FakeClock clock;
    MemoryStateStore store;
    for (int i = 0; i < 2; ++i) {
        Run failing(clock, store, {std::nullopt, kBreaker, std::nullopt}, always(503, 1),
                    retries(0));
        CHECK(failing().outcome == Outcome::exhausted);
    }
    clock.advance(Duration{10'000});
    // The transport has nothing scripted: any attempt would throw.
    Run refused(clock, store, {std::nullopt, kBreaker, std::nullopt}, {});

    const RunResult result = refused();

    CHECK(result.outcome == Outcome::circuit_open);
    CHECK(result.attempts == 0);
    CHECK(result.circuit_open_for == Duration{20'000});
    CHECK_FALSE(result.final_response);
    CHECK(refused.observer.records.empty());
    CHECK(refused.transport.requests.empty());
    // A refused run is not a failed run: the count stays where it was.
    CHECK(store.origins[kOrigin].breaker.consecutive_failures == 2);
}

TEST_CASE("after the cooldown the probe's success closes the breaker", "[engine][breaker]") {
    FakeClock clock;
    MemoryStateStore store;
    for (int i = 0; i < 2; ++i) {
        Run failing(clock, store, {std::nullopt, kBreaker, std::nullopt}, always(503, 1),
                    retries(0));
        failing();
    }
    clock.advance(Duration{30'000});
    Run probe(clock, store, {std::nullopt, kBreaker, std::nullopt}, always(200, 1));
    CHECK(probe().outcome == Outcome::success);
    CHECK(circuit_phase(store.origins[kOrigin].breaker, clock.wall_now()) == CircuitPhase::closed);
}

TEST_CASE("a limit that is off never touches the store", "[engine][budget][breaker]") {
    FakeClock clock;
    MemoryStateStore store;
    Run breaker_only(clock, store, {std::nullopt, kBreaker, std::nullopt}, always(503, 3),
                     retries(2));
    breaker_only();
    CHECK(store.updates == 2);  // one admission, one record of the run
    CHECK_FALSE(store.origins[kOrigin].budget.milli_tokens);

    MemoryStateStore other;
    Run budget_only(clock, other, {kBudget, std::nullopt, std::nullopt}, always(503, 3),
                    retries(2));
    budget_only();
    CHECK(other.updates == 3);  // one per attempt
    CHECK(other.origins[kOrigin].breaker.consecutive_failures == 0);
}

TEST_CASE("a run that ends on the reader or a signal does not count against the origin",
          "[engine][breaker]") {
    MemoryStateStore store;
    OriginGuard guard(store, kOrigin,
                      {std::nullopt, CircuitBreakerPolicy{1, Duration{30'000}}, std::nullopt});
    const WallTime now{std::chrono::seconds(1'700'000'000)};

    guard.record_run(Outcome::write_error, true, now);
    guard.record_run(Outcome::interrupted, true, now);
    CHECK_FALSE(guard.refuse_run(now));

    guard.record_run(Outcome::exhausted, true, now);
    CHECK(guard.refuse_run(now));
}

TEST_CASE(
    "answers that are not the origin's trouble neither open the breaker nor spend the "
    "budget",
    "[engine][budget][breaker]") {
    FakeClock clock;
    MemoryStateStore store;
    const SharedLimits both{kBudget, CircuitBreakerPolicy{1, Duration{30'000}}, std::nullopt};

    Run missing(clock, store, both, always(404, 1));
    CHECK(missing().outcome == Outcome::http_error);

    Run too_large(clock, store, both,
                  {{rfetch::testing::failure(FailureKind::too_large, 63, true)}});
    CHECK(too_large().outcome == Outcome::not_retryable);

    RetryPolicy polling = retries(2);
    PollingPolicy condition;
    condition.condition.json.push_back(*parse_json_condition(R"(/status == "ready")").value);
    polling.polling = condition;
    Run not_ready(clock, store, both,
                  std::deque<FakeTransport::Step>(3, {status(200, {}, R"({"status":"wait"})")}),
                  polling);
    CHECK(not_ready().outcome == Outcome::exhausted);

    CHECK_FALSE(store.origins[kOrigin].budget.milli_tokens);
    CHECK(store.origins[kOrigin].breaker.consecutive_failures == 0);
    CHECK_FALSE(missing.guard.refuse_run(clock.wall_now()));

    // The same limits do count an origin in trouble.
    Run unavailable(clock, store, both, always(503, 1), retries(0));
    CHECK(unavailable().outcome == Outcome::exhausted);
    CHECK(store.origins[kOrigin].breaker.consecutive_failures == 1);
}

namespace {

const SharedLimits kCooperating{std::nullopt, std::nullopt, CooperationPolicy{}};

// The origin failing, with another run holding the probe's lease for `held`.
void lease_held_by_other(MemoryStateStore& store, const FakeClock& clock, Duration held) {
    CooperationState& cooperation = store.origins[kOrigin].cooperation;
    cooperation.phase = CooperationPhase::failing;
    cooperation.failed_probes = 1;
    cooperation.prober = "other/0";
    cooperation.probe_until = clock.wall_now() + held;
}

}  // namespace

TEST_CASE(
    "a cooperating run waits out another run's probe without spending an attempt, then "
    "probes itself",
    "[engine][cooperation]") {
    FakeClock clock;
    MemoryStateStore store;
    lease_held_by_other(store, clock, Duration{300});
    Run run(clock, store, kCooperating, always(200, 1));

    const RunResult result = run();

    CHECK(result.outcome == Outcome::success);
    CHECK(result.attempts == 1);
    REQUIRE(run.observer.waits.size() == 1);
    CHECK(run.observer.waits[0].attempt == 1);
    CHECK(run.observer.waits[0].why == WaitReason::probe_in_flight);
    CHECK(run.observer.waits[0].prober == "other/0");
    CHECK(run.observer.waits[0].waited == Duration{300});
    // It looked again at the poll interval, and its success started the ramp.
    CHECK(clock.waits.front() == CooperationPolicy{}.poll);
    CHECK(store.origins[kOrigin].cooperation.phase == CooperationPhase::ramp);
}

TEST_CASE("a cooperating run whose deadline passes while it waits ends with nothing sent",
          "[engine][cooperation]") {
    FakeClock clock;
    MemoryStateStore store;
    lease_held_by_other(store, clock, Duration{60'000});
    RunLimits limits;
    limits.deadline = Duration{1'000};
    Run run(clock, store, kCooperating, {}, retries(5), limits);

    const RunResult result = run();

    CHECK(result.outcome == Outcome::deadline);
    CHECK(result.attempts == 0);
    CHECK(run.transport.requests.empty());
    REQUIRE(run.observer.waits.size() == 1);
    CHECK(run.observer.waits[0].waited == Duration{1'000});
}

TEST_CASE("without cooperation the guard never makes a run wait", "[engine][cooperation]") {
    FakeClock clock;
    MemoryStateStore store;
    lease_held_by_other(store, clock, Duration{60'000});
    Run run(clock, store, {kBudget, std::nullopt, std::nullopt}, always(200, 1));

    CHECK(run().outcome == Outcome::success);
    CHECK(run.observer.waits.empty());
    CHECK(clock.waits.empty());
}

TEST_CASE("a cooperating run waits the shared backoff instead of its own",
          "[engine][cooperation]") {
    FakeClock clock;
    MemoryStateStore store;
    Run run(clock, store, kCooperating, {{status(503)}, {status(200)}});

    const RunResult result = run();

    CHECK(result.outcome == Outcome::success);
    REQUIRE(run.observer.records.size() == 2);
    // Its own backoff (100 ms) is not waited: the origin is failing, and the shared backoff
    // (half of 200 ms with this random source) decides when it probes.
    CHECK(run.observer.records[0].decision.delay == Duration{0});
    REQUIRE(run.observer.waits.size() == 1);
    CHECK(run.observer.waits[0].why == WaitReason::backoff);
    CHECK(run.observer.waits[0].waited == Duration{100});
}

TEST_CASE("a cooperating poll that is not ready yet keeps its own interval",
          "[engine][cooperation]") {
    FakeClock clock;
    MemoryStateStore store;
    RetryPolicy polling = retries(2);
    PollingPolicy condition;
    condition.condition.json.push_back(*parse_json_condition(R"(/status == "ready")").value);
    polling.polling = condition;
    Run run(clock, store, kCooperating,
            {{status(200, {}, R"({"status":"wait"})")}, {status(200, {}, R"({"status":"ready"})")}},
            polling);

    CHECK(run().outcome == Outcome::success);
    REQUIRE(run.observer.records.size() == 2);
    // The origin answered: no shared backoff paces the poll, so the poll's own wait stands.
    CHECK(run.observer.records[0].decision.delay > Duration{0});
    CHECK(run.observer.waits.empty());
}

namespace {

// A guard with every shared limit on, its store's time the fake clock's.
struct HedgeGuard {
    HedgeGuard() { store.clock = &clock; }

    OriginState& state() { return store.origins[kOrigin]; }

    FakeClock clock;
    MemoryStateStore store;
    FixedRandom random{0.0};
    OriginGuard guard{store, kOrigin, {kBudget, kBreaker, CooperationPolicy{}}, {"me/0", &random}};
};

}  // namespace

TEST_CASE("no hedge while cooperating runs take turns: the probe and the ramp stay one request",
          "[engine][cooperation][hedge]") {
    HedgeGuard h;
    h.state().cooperation.phase = CooperationPhase::failing;
    CHECK_FALSE(h.guard.allow_hedge());
    h.state().cooperation.phase = CooperationPhase::ramp;
    CHECK_FALSE(h.guard.allow_hedge());
    // Refused, the hedge took no token.
    CHECK_FALSE(h.state().budget.milli_tokens);
    h.state().cooperation.phase = CooperationPhase::healthy;
    CHECK(h.guard.allow_hedge());
    CHECK(h.state().budget.milli_tokens);
}

TEST_CASE("no hedge unless the breaker is closed: its half-open probe stays one request",
          "[engine][breaker][hedge]") {
    HedgeGuard h;
    h.state().breaker.open_until = h.clock.wall_now() + Duration{1'000};
    CHECK_FALSE(h.guard.allow_hedge());
    h.clock.advance(Duration{2'000});
    CHECK_FALSE(h.guard.allow_hedge());  // half-open
    CHECK_FALSE(h.state().budget.milli_tokens);
    h.state().breaker.open_until.reset();
    h.state().breaker.consecutive_failures = 1;  // failing, but not yet open
    CHECK(h.guard.allow_hedge());
}
