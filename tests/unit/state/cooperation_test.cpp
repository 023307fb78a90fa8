// The cooperative protocol's maths: who may go, who waits and for how long, as the store's
// clock moves. No store and no sleeps: the state is a value passed from "run" to "run".

#include "core/state/cooperation.h"

#include <catch2/catch.hpp>

#include "unit/fakes.h"

using namespace rfetch;
using rfetch::testing::FixedRandom;

namespace {

const CooperationPolicy kPolicy{};
const WallTime kStart{std::chrono::seconds(1'700'000'000)};
const Duration kLease{2'000};

// One cooperating run: its name and its place in a ramp.
struct Run {
    std::string name;
    std::optional<RampPlace> place;

    Passage pass(CooperationState& state, WallTime now) {
        return rfetch::pass(state, place, kPolicy, name, kLease, now);
    }
    void report(CooperationState& state, OriginSign sign, WallTime now, double random = 0.9999) {
        FixedRandom fixed(random);
        rfetch::report(state, kPolicy, name, sign, fixed, now);
    }
};

// The state after a first failure at kStart, with the shared backoff at its longest.
CooperationState failing_since_start() {
    CooperationState state;
    Run first{"first", {}};
    REQUIRE(first.pass(state, kStart).go);
    first.report(state, OriginSign::failed, kStart);
    return state;
}

}  // namespace

TEST_CASE("a healthy origin lets every run go, and none takes a lease", "[cooperation]") {
    CooperationState state;
    for (int i = 0; i < 50; ++i) {
        Run run{"run" + std::to_string(i), {}};
        const Passage passage = run.pass(state, kStart);
        CHECK(passage.go);
        CHECK_FALSE(passage.probe);
    }
    CHECK(state.prober.empty());
    CHECK(state.phase == CooperationPhase::healthy);
}

TEST_CASE("a failure starts the failing phase, and no probe goes before the shared backoff",
          "[cooperation]") {
    CooperationState state = failing_since_start();
    CHECK(state.phase == CooperationPhase::failing);
    // The largest random draw gives the whole envelope: probe_base for the first failure.
    REQUIRE(state.next_probe == kStart + kPolicy.probe_base);

    Run waiter{"waiter", {}};
    const Passage early = waiter.pass(state, kStart + Duration{10});
    CHECK_FALSE(early.go);
    CHECK(early.why == WaitReason::backoff);
    CHECK(early.wait == kPolicy.poll);  // looks again at the poll interval
    CHECK(waiter.pass(state, kStart + Duration{190}).wait == Duration{10});
}

TEST_CASE("one probe at a time: the lease holder goes, everyone else waits for it",
          "[cooperation]") {
    CooperationState state = failing_since_start();
    const WallTime due = *state.next_probe;
    Run probe{"probe", {}};
    const Passage taken = probe.pass(state, due);
    CHECK(taken.go);
    CHECK(taken.probe);
    CHECK(state.prober == "probe");
    CHECK(state.probe_until == due + kLease);

    for (int i = 0; i < 10; ++i) {
        Run other{"other" + std::to_string(i), {}};
        const Passage refused = other.pass(state, due + Duration{i});
        CHECK_FALSE(refused.go);
        CHECK(refused.why == WaitReason::probe_in_flight);
        CHECK(refused.prober == "probe");
    }
}

TEST_CASE("a killed probe loses its lease when it runs out, and the next run probes",
          "[cooperation]") {
    CooperationState state = failing_since_start();
    const WallTime due = *state.next_probe;
    Run killed{"killed", {}};
    REQUIRE(killed.pass(state, due).probe);
    // The probe never reports back.
    Run next{"next", {}};
    CHECK_FALSE(next.pass(state, due + kLease - Duration{1}).go);
    const Passage after = next.pass(state, due + kLease);
    CHECK(after.go);
    CHECK(after.probe);
    CHECK(state.prober == "next");
}

TEST_CASE("failed probes back off further, up to the cap, with jitter of half the envelope",
          "[cooperation]") {
    CooperationState state = failing_since_start();
    WallTime now = *state.next_probe;
    std::vector<Duration> gaps;
    for (int probe = 0; probe < 6; ++probe) {
        Run run{"probe" + std::to_string(probe), {}};
        REQUIRE(run.pass(state, now).probe);
        run.report(state, OriginSign::failed, now);
        gaps.push_back(std::chrono::duration_cast<Duration>(*state.next_probe - now));
        now = *state.next_probe;
    }
    CHECK(gaps == std::vector<Duration>{Duration{400}, Duration{600}, Duration{600}, Duration{600},
                                        Duration{600}, Duration{600}});

    // The least random draw waits half of the envelope.
    Run low{"low", {}};
    REQUIRE(low.pass(state, now).probe);
    low.report(state, OriginSign::failed, now, 0.0);
    CHECK(*state.next_probe - now == Duration{300});
}

TEST_CASE("a failure of a run that went before the failing began does not delay the probe",
          "[cooperation]") {
    CooperationState state = failing_since_start();
    const auto next_probe = state.next_probe;
    Run straggler{"straggler", {}};
    straggler.report(state, OriginSign::failed, kStart + Duration{50});
    CHECK(state.next_probe == next_probe);
    CHECK(state.failed_probes == 1);
}

TEST_CASE("the ramp lets 10 go in the first 100 ms, then speeds up to at most 16 a 100 ms",
          "[cooperation]") {
    CHECK(ramp_offset(0, kPolicy) == Duration{0});
    CHECK(ramp_offset(9, kPolicy) < Duration{100});
    CHECK(ramp_offset(10, kPolicy) == Duration{100});
    // The pace doubles each 100 ms until it reaches the ceiling, 1.2 windows in, and keeps it.
    const auto in_window = [](Duration from) {
        int places = 0;
        for (std::int64_t taken = 0; taken < 100'000; ++taken) {
            const Duration at = ramp_offset(taken, kPolicy);
            if (at >= from + Duration{100}) {
                break;
            }
            places += at >= from ? 1 : 0;
        }
        return places;
    };
    CHECK(in_window(Duration{100}) >= kPolicy.ramp_most - 1);
    CHECK(in_window(Duration{1'000}) == kPolicy.ramp_most);
    // No 100 ms of the ramp, wherever it starts, admits more than the ceiling and one: never a
    // herd, however many runs wait.
    for (int from = 0; from < 2'000; from += 7) {
        REQUIRE(in_window(Duration{from}) <= kPolicy.ramp_most + 1);
    }
    for (std::int64_t taken = 1; taken < 10'000; ++taken) {
        REQUIRE(ramp_offset(taken, kPolicy) >= ramp_offset(taken - 1, kPolicy));
    }
}

TEST_CASE("a successful probe releases the waiting runs as a ramp, each at its place",
          "[cooperation]") {
    CooperationState state = failing_since_start();
    const WallTime due = *state.next_probe;
    Run probe{"probe", {}};
    REQUIRE(probe.pass(state, due).probe);
    probe.report(state, OriginSign::answered, due);
    CHECK(state.phase == CooperationPhase::ramp);
    CHECK(state.prober.empty());

    std::vector<Run> waiters;
    for (int i = 0; i < 50; ++i) {
        waiters.push_back({"w" + std::to_string(i), {}});
    }
    // Every waiter looks at once, just after the probe's success.
    int released_at_once = 0;
    for (Run& waiter : waiters) {
        const Passage passage = waiter.pass(state, due);
        if (passage.go) {
            ++released_at_once;
        } else {
            CHECK(passage.why == WaitReason::ramp);
            // Each comes back exactly when its place is due, and then goes.
            CHECK(waiter.pass(state, due + passage.wait).go);
        }
    }
    CHECK(released_at_once == 1);  // place 0
    CHECK(state.ramp_taken == 50);
    // Within the first 100 ms: places 0 to 9.
    int in_first_window = 0;
    for (Run& waiter : waiters) {
        in_first_window += waiter.place->go_at < due + Duration{100} ? 1 : 0;
    }
    CHECK(in_first_window == 10);
}

TEST_CASE("a failure during the ramp stops it, and the runs still waiting wait for a probe",
          "[cooperation]") {
    CooperationState state = failing_since_start();
    const WallTime due = *state.next_probe;
    Run probe{"probe", {}};
    REQUIRE(probe.pass(state, due).probe);
    probe.report(state, OriginSign::answered, due);

    Run first{"first", {}};
    Run later{"later", {}};
    REQUIRE(first.pass(state, due).go);
    const Passage placed = later.pass(state, due);
    REQUIRE_FALSE(placed.go);
    first.report(state, OriginSign::failed, due + Duration{5});
    CHECK(state.phase == CooperationPhase::failing);

    const Passage after = later.pass(state, due + placed.wait);
    CHECK_FALSE(after.go);
    CHECK(after.why == WaitReason::backoff);
}

TEST_CASE("the ramp ends once its length has passed, and the origin counts as healthy",
          "[cooperation]") {
    CooperationState state = failing_since_start();
    const WallTime due = *state.next_probe;
    Run probe{"probe", {}};
    REQUIRE(probe.pass(state, due).probe);
    probe.report(state, OriginSign::answered, due);

    Run late{"late", {}};
    CHECK(late.pass(state, due + kPolicy.ramp_length).go);
    CHECK(state.phase == CooperationPhase::healthy);
}

TEST_CASE("an attempt cut by a signal gives up the lease and changes nothing else",
          "[cooperation]") {
    CooperationState state = failing_since_start();
    const WallTime due = *state.next_probe;
    Run probe{"probe", {}};
    REQUIRE(probe.pass(state, due).probe);
    probe.report(state, OriginSign::unknown, due + Duration{5});
    CHECK(state.phase == CooperationPhase::failing);
    CHECK(state.prober.empty());
    CHECK_FALSE(state.probe_until);
    Run next{"next", {}};
    CHECK(next.pass(state, due + Duration{6}).probe);
}

TEST_CASE(
    "times stored by a host whose clock runs ahead never hold the others longer than the "
    "policy allows",
    "[cooperation]") {
    CooperationState state = failing_since_start();
    state.next_probe = kStart + std::chrono::hours(1);
    state.prober = "ahead";
    state.probe_until = kStart + std::chrono::hours(1);
    state.phase = CooperationPhase::failing;

    Run run{"run", {}};
    CHECK(run.pass(state, kStart).wait <= kPolicy.poll);
    CHECK(state.next_probe <= kStart + kPolicy.probe_cap);
    CHECK(state.probe_until <= kStart + std::max(kLease, kPolicy.lease));

    CooperationState ramp;
    ramp.phase = CooperationPhase::ramp;
    ramp.ramp_started = kStart + std::chrono::hours(1);
    // A ramp "from the future" starts now: place 0 goes, the next waits its turn.
    CHECK(run.pass(ramp, kStart).go);
    CHECK(ramp.ramp_started == kStart);
    Run second{"second", {}};
    CHECK(second.pass(ramp, kStart).wait == ramp_offset(1, kPolicy));
}

TEST_CASE("a ramp with more places than its length can pass lasts until the last is due",
          "[cooperation]") {
    CooperationState state;
    state.phase = CooperationPhase::ramp;
    state.ramp_started = kStart;
    state.ramp_taken = 500;
    Run late{"late", {}};
    const Passage passage = late.pass(state, kStart + kPolicy.ramp_length);
    CHECK_FALSE(passage.go);
    CHECK(passage.why == WaitReason::ramp);
    CHECK(late.place->go_at == kStart + ramp_offset(500, kPolicy));
}
