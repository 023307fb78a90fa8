#include "core/run/run_scheduler.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <memory>

#include "core/base/status_list.h"
#include "core/state/origin_guard.h"
#include "unit/fakes.h"

using namespace rfetch;
using rfetch::testing::failure;
using rfetch::testing::FakeClock;
using rfetch::testing::FixedRandom;
using rfetch::testing::MemoryOutput;
using rfetch::testing::no_dates;
using rfetch::testing::RecordingObserver;
using rfetch::testing::status;

namespace {

/// Plays back a script per URL. A transfer ends `takes` after it starts; run_for moves the fake
/// clock to the next end, or by the whole turn when none ends within it.
class FakeAsyncTransport final : public AsyncTransport {
  public:
    struct Step {
        AttemptResult result;
        Duration takes{100};
    };

    FakeAsyncTransport(FakeClock& clock, std::map<std::string, std::deque<Step>> scripts)
        : clock_(clock), scripts_(std::move(scripts)) {}

    void start(TransferId id, const Request& request, const std::vector<Header>&,
               const AttemptLimits& limits, BodySink& body) override {
        std::deque<Step>& script = scripts_.at(request.url);
        REQUIRE_FALSE(script.empty());
        Step step = std::move(script.front());
        script.pop_front();
        starts.push_back({request.url, clock_.now()});
        limits_seen[request.url].push_back(limits);
        running_.push_back({id, clock_.now() + step.takes, std::move(step.result), &body});
        most_in_flight = std::max(most_in_flight, running_.size());
    }

    std::vector<Completion> run_for(Duration timeout) override {
        turns.push_back(timeout);
        std::vector<Completion> ended;
        if (interrupt) {
            for (Running& transfer : running_) {
                ended.push_back(
                    {transfer.id, {std::nullopt, Failure{FailureKind::aborted, 42, "aborted"}}});
            }
            running_.clear();
            return ended;
        }
        auto first = std::ranges::min_element(running_, {}, &Running::ends);
        if (first == running_.end() || first->ends > clock_.now() + timeout) {
            clock_.advance(timeout);
            return ended;
        }
        const TimePoint when = first->ends;
        clock_.advance(std::chrono::duration_cast<Duration>(when - clock_.now()));
        std::erase_if(running_, [&](Running& transfer) {
            if (transfer.ends != when) {
                return false;
            }
            if (transfer.result.response) {
                const std::string bytes = std::exchange(transfer.result.response->body, {});
                transfer.body->on_body(*transfer.result.response, bytes);
            }
            ended.push_back({transfer.id, std::move(transfer.result)});
            return true;
        });
        return ended;
    }

    void cancel(TransferId id) override {
        std::erase_if(running_, [&](const Running& transfer) {
            if (transfer.id != id) {
                return false;
            }
            cancelled.push_back(id);
            return true;
        });
    }

    std::size_t in_flight() const override { return running_.size(); }

    std::vector<std::pair<std::string, TimePoint>> starts;
    std::map<std::string, std::vector<AttemptLimits>> limits_seen;
    std::vector<Duration> turns;
    std::size_t most_in_flight = 0;
    std::vector<TransferId> cancelled;
    bool interrupt = false;

  private:
    struct Running {
        TransferId id;
        TimePoint ends;
        AttemptResult result;
        BodySink* body;
    };

    FakeClock& clock_;
    std::map<std::string, std::deque<Step>> scripts_;
    std::vector<Running> running_;
};

RetryPolicy fixed_policy(int retries) {
    RetryPolicy policy;
    policy.retries = retries;
    policy.backoff = {Duration{600}, Duration{600}, 1.0, JitterMode::none};
    return policy;
}

// Polls of several targets waited for together, each ready at a 200, every 600 ms.
RetryPolicy together_policy() {
    RetryPolicy policy = fixed_policy(0);
    policy.retries = std::nullopt;
    PollingPolicy polling;
    polling.condition.statuses = *parse_status_list("200").value;
    polling.keep_polling_when_ready = true;
    policy.polling = polling;
    return policy;
}

// Many runs, each with its own request, decider, output and observer, as run_many wires them.
struct Harness {
    struct Fetch {
        Fetch(const RetryPolicy& policy, Random& random) : decider(policy, random, no_dates) {}
        Request request;
        RetryDecider decider;
        MemoryOutput output;
        RecordingObserver observer;
        std::optional<Delivery> delivery;
        std::optional<RetryRun> run;
    };

    Harness(std::map<std::string, std::deque<FakeAsyncTransport::Step>> scripts,
            std::vector<std::string> urls_in_order, std::size_t max_active, RunLimits limits_ = {},
            RetryPolicy policy_ = fixed_policy(3))
        : transport(clock, std::move(scripts)),
          policy(std::move(policy_)),
          urls(std::move(urls_in_order)),
          limits(limits_),
          scheduler(transport, clock, max_active, [this] { return interrupted; }) {
        if (limits.deadline) {
            deadline = clock.now() + *limits.deadline;
        }
    }

    void run() {
        scheduler.run(
            urls.size(),
            [this](std::size_t index) -> RetryRun& {
                auto& fetch =
                    fetches.emplace(index, std::make_unique<Fetch>(policy, random)).first->second;
                fetch->request.url = urls[index];
                fetch->delivery.emplace(fetch->output, DeliveryPolicy{},
                                        [](const Response&) { return true; });
                RetryRun& run =
                    fetch->run.emplace(fetch->request, *fetch->delivery, fetch->observer, clock,
                                       fetch->decider, limits, deadline, nullptr, guard);
                if (hedge) {
                    run.hedge_with(*hedge);
                }
                return run;
            },
            [this](std::size_t index) {
                done.push_back(index);
                results[index] = fetches.at(index)->run->result();
                if (after_done) {
                    after_done(index);
                }
                if (interrupt_after_done) {
                    interrupted = true;
                    transport.interrupt = true;
                }
            });
    }

    FakeClock clock;
    FixedRandom random{0.0};
    FakeAsyncTransport transport;
    RetryPolicy policy;
    std::vector<std::string> urls;
    RunLimits limits;
    std::optional<TimePoint> deadline;
    bool interrupted = false;
    bool interrupt_after_done = false;
    /// What happens in the world as a run ends, before the next turn.
    std::function<void(std::size_t)> after_done;
    std::optional<HedgePolicy> hedge;
    RunGuard* guard = nullptr;
    RunScheduler scheduler;
    std::map<std::size_t, std::unique_ptr<Fetch>> fetches;
    std::vector<std::size_t> done;
    std::map<std::size_t, RunResult> results;
};

FakeAsyncTransport::Step answer(int code, Duration takes = Duration{100}) {
    return {status(code, {}, "body of " + std::to_string(code)), takes};
}

}  // namespace

TEST_CASE("no more runs are under way at once than the limit allows", "[scheduler]") {
    Harness h({{"a", {answer(200)}},
               {"b", {answer(200)}},
               {"c", {answer(200)}},
               {"d", {answer(200)}},
               {"e", {answer(200)}}},
              {"a", "b", "c", "d", "e"}, 2);
    h.run();
    CHECK(h.transport.most_in_flight == 2);
    CHECK(h.done == std::vector<std::size_t>{0, 1, 2, 3, 4});
    // Three rounds of two, two and one transfers of 100 ms each.
    CHECK(h.transport.starts.back().second - h.transport.starts.front().second == Duration{200});
    CHECK(h.fetches.at(4)->output.bytes() == "body of 200");
    CHECK(h.results.at(4).outcome == Outcome::success);
}

TEST_CASE("once told to stop starting runs, the scheduler starts none and ends those under way",
          "[scheduler]") {
    Harness h({{"a", {answer(200, Duration{100})}},
               {"b", {answer(404, Duration{50})}},
               {"c", {answer(200)}},
               {"d", {answer(200)}}},
              {"a", "b", "c", "d"}, 2, {}, fixed_policy(0));
    h.scheduler.stop_starting_when([&h] {
        return std::ranges::any_of(
            h.results, [](const auto& entry) { return entry.second.outcome != Outcome::success; });
    });
    h.run();
    // b failed while a was under way: a ends as it would, c and d never start.
    CHECK(h.done == std::vector<std::size_t>{1, 0});
    CHECK(h.results.at(0).outcome == Outcome::success);
    CHECK(h.transport.starts.size() == 2);
}

TEST_CASE("a run waiting to retry holds no transfer: the others go on meanwhile", "[scheduler]") {
    Harness h({{"slow", {answer(503), answer(200)}},
               {"fast", {answer(200, Duration{50})}},
               {"next", {answer(200, Duration{50})}}},
              {"slow", "fast", "next"}, 3);
    h.run();
    // "slow" waits 600 ms between its attempts; the others end during that wait.
    CHECK(h.done == std::vector<std::size_t>{1, 2, 0});
    REQUIRE(h.transport.starts.size() == 4);
    CHECK(h.transport.starts[3].first == "slow");
    CHECK(h.transport.starts[3].second - h.transport.starts[0].second == Duration{700});
    CHECK(h.results.at(0).attempts == 2);
    CHECK(h.results.at(0).outcome == Outcome::success);
}

TEST_CASE("a waiting run keeps its place, so runs start in input order", "[scheduler]") {
    Harness h({{"a", {answer(503), answer(200)}}, {"b", {answer(200)}}}, {"a", "b"}, 1);
    h.run();
    CHECK(h.done == std::vector<std::size_t>{0, 1});
    REQUIRE(h.transport.starts.size() == 3);
    CHECK(h.transport.starts[2].first == "b");
    // b starts only once a's retry, 600 ms after its first attempt ended, is over.
    CHECK(h.transport.starts[2].second - h.transport.starts[0].second == Duration{800});
}

TEST_CASE("the scheduler wakes for a wait's end, not a fixed tick", "[scheduler]") {
    Harness h({{"a", {answer(503), answer(200)}}, {"b", {answer(200, Duration{5000})}}}, {"a", "b"},
              2);
    h.run();
    // While b's long transfer runs, the turn is cut to a's wait of 600 ms, well short of the
    // longest turn.
    REQUIRE(h.transport.turns.size() >= 2);
    CHECK(h.transport.turns[1] == Duration{600});
    CHECK(h.done == std::vector<std::size_t>{0, 1});
}

TEST_CASE("a deadline shared by every run leaves a late run only what is left", "[scheduler]") {
    RunLimits limits;
    limits.deadline = Duration{1000};
    Harness h({{"a", {answer(200, Duration{700})}}, {"b", {answer(200, Duration{100})}}},
              {"a", "b"}, 1, limits);
    h.run();
    CHECK(h.transport.limits_seen.at("a").front().total == Duration{1000});
    CHECK(h.transport.limits_seen.at("b").front().total == Duration{300});
}

TEST_CASE("after a signal, transfers and waits end and no run starts", "[scheduler]") {
    Harness h({{"a", {answer(200, Duration{10})}},
               {"b", {answer(503, Duration{10}), answer(200)}},
               {"c", {answer(200, Duration{5000})}},
               {"d", {answer(200)}}},
              {"a", "b", "c", "d"}, 3);
    h.interrupt_after_done = true;
    h.run();
    // a ended first and set the flag: b was waiting, c transferring, d not started.
    REQUIRE(h.results.size() == 4);
    CHECK(h.results.at(0).outcome == Outcome::success);
    CHECK(h.results.at(1).outcome == Outcome::interrupted);
    CHECK(h.results.at(1).attempts == 1);
    CHECK(h.results.at(2).outcome == Outcome::interrupted);
    CHECK(h.results.at(3).outcome == Outcome::interrupted);
    CHECK(h.results.at(3).attempts == 0);
    CHECK(h.transport.starts.size() == 3);
}

TEST_CASE("a wait that falls due in the turn a signal came ends without an attempt",
          "[scheduler]") {
    // a's wait of 600 ms ends at 700 ms, just as b's transfer does and the signal comes.
    Harness h({{"a", {answer(503), answer(200)}}, {"b", {answer(200, Duration{700})}}}, {"a", "b"},
              2);
    h.interrupt_after_done = true;
    h.run();
    CHECK(h.transport.starts.size() == 2);
    CHECK(h.results.at(0).outcome == Outcome::interrupted);
    CHECK(h.results.at(0).attempts == 1);
    CHECK(h.results.at(0).reason == "interrupted by a signal while waiting to retry");
}

TEST_CASE("a reader that goes away ends the waits of the runs that wrote to it, and no other",
          "[scheduler]") {
    // a and c wait 600 ms after their 503s; as b ends at 300 ms, the reader of a's output goes.
    Harness h({{"a", {answer(503), answer(200)}},
               {"b", {answer(200, Duration{300})}},
               {"c", {answer(503), answer(200)}}},
              {"a", "b", "c"}, 3);
    h.after_done = [&h](std::size_t index) {
        if (index == 1) {
            h.fetches.at(0)->output.gone = true;
        }
    };
    h.run();
    REQUIRE(h.results.size() == 3);
    CHECK(h.results.at(0).outcome == Outcome::write_error);
    CHECK(h.results.at(0).reader_gone);
    CHECK(h.results.at(0).attempts == 1);
    // At once, not once its wait was over.
    CHECK(h.results.at(0).elapsed == Duration{300});
    CHECK(h.results.at(2).outcome == Outcome::success);
    CHECK(h.results.at(2).attempts == 2);
    CHECK(std::ranges::count(h.transport.starts, std::string("a"),
                             [](const auto& start) { return start.first; }) == 1);
}

namespace {

std::deque<FakeAsyncTransport::Step> answers(std::initializer_list<int> codes) {
    std::deque<FakeAsyncTransport::Step> steps;
    for (const int code : codes) {
        steps.push_back(answer(code));
    }
    return steps;
}

}  // namespace

TEST_CASE("polls waiting together end when all are ready in the same round", "[scheduler][wait]") {
    RunLimits limits;
    limits.deadline = Duration{10'000};
    // a is ready at once, down at its second poll, ready again at its third, when b comes up.
    Harness h({{"a", answers({200, 503, 200, 200, 200})}, {"b", answers({503, 503, 200, 200})}},
              {"a", "b"}, 2, limits, together_policy());
    h.scheduler.wait_together(true);
    h.run();
    REQUIRE(h.results.size() == 2);
    CHECK(h.results.at(0).outcome == Outcome::success);
    CHECK(h.results.at(1).outcome == Outcome::success);
    // The ready target a was polled again at the interval: three polls each, no more.
    CHECK(h.results.at(0).attempts == 3);
    CHECK(h.results.at(1).attempts == 3);
    CHECK(h.fetches.at(0)->output.bytes() == "body of 200");
    CHECK(h.clock.now() - h.transport.starts.front().second == Duration{1500});
}

TEST_CASE("a target that was ready and went down keeps the wait from ending when the last is up",
          "[scheduler][wait]") {
    RunLimits limits;
    limits.deadline = Duration{3000};
    Harness h({{"a", answers({200, 200, 503, 503, 503, 503, 503, 503})},
               {"b", answers({503, 503, 503, 200, 200, 200, 200, 200})}},
              {"a", "b"}, 2, limits, together_policy());
    h.scheduler.wait_together(true);
    h.run();
    REQUIRE(h.results.size() == 2);
    // Ready one after the other, never at once: the wait lasts until the deadline.
    CHECK(h.results.at(0).outcome == Outcome::deadline);
    CHECK_FALSE(h.results.at(0).gave_up_early);
    CHECK(h.results.at(1).outcome == Outcome::success);
    CHECK(h.results.at(1).attempts >= 4);
}

TEST_CASE("without waiting together, a target that was ready is not polled again",
          "[scheduler][wait]") {
    RetryPolicy policy = together_policy();
    policy.polling->keep_polling_when_ready = false;
    Harness h({{"a", answers({200, 503})}, {"b", answers({503, 503, 200})}}, {"a", "b"}, 2, {},
              policy);
    h.run();
    CHECK(h.results.at(0).attempts == 1);
    CHECK(h.results.at(0).outcome == Outcome::success);
    CHECK(h.results.at(1).outcome == Outcome::success);
}

TEST_CASE("a poll that fails for good ends the others at once, their transfers dropped",
          "[scheduler][wait]") {
    RunLimits limits;
    limits.deadline = Duration{60'000};
    Harness h({{"bad", {{failure(FailureKind::tls, 35), Duration{100}}}},
               {"slow", {answer(503, Duration{5000})}},
               {"waiting", answers({503, 503})},
               {"up", answers({200, 200})}},
              {"bad", "slow", "waiting", "up"}, 4, limits, together_policy());
    h.scheduler.wait_together(true);
    h.run();
    REQUIRE(h.results.size() == 4);
    CHECK(h.done.front() == 0);
    CHECK(h.results.at(0).outcome == Outcome::not_retryable);
    // slow was still in its first transfer, which was dropped; waiting was between polls.
    CHECK(h.transport.cancelled == std::vector<AsyncTransport::TransferId>{1});
    CHECK(h.transport.in_flight() == 0);
    CHECK(h.results.at(1).outcome == Outcome::abandoned);
    CHECK(h.results.at(1).attempts == 0);
    CHECK(h.results.at(1).reason ==
          "the wait ended when bad failed (TLS failure is not retryable)");
    CHECK(h.results.at(2).outcome == Outcome::abandoned);
    CHECK(h.results.at(2).reason ==
          "status 503; the wait ended when bad failed (TLS failure is not retryable)");
    // A target that was ready stays ready.
    CHECK(h.results.at(3).outcome == Outcome::success);
    CHECK(h.clock.now() - h.transport.starts.front().second == Duration{100});
}

namespace {

// A guard with a budget of hedges and nothing else to say.
class HedgeBudget final : public RunGuard {
  public:
    explicit HedgeBudget(int hedges) : left_(hedges) {}
    std::optional<Duration> refuse_run(WallTime) override { return std::nullopt; }
    bool record_attempt(const Decision&) override { return true; }
    void record_run(Outcome, bool, WallTime) override {}
    bool allow_hedge() override { return left_-- > 0; }

  private:
    int left_;
};

FakeAsyncTransport::Step answer_with(int code, std::string body, Duration takes) {
    return {status(code, {}, std::move(body)), takes};
}

}  // namespace

TEST_CASE("a stalled request is hedged, the hedge's answer wins and the stalled one is cancelled",
          "[scheduler][hedge]") {
    Harness h({{"a",
                {answer_with(200, "slow body", Duration{2000}),
                 answer_with(200, "fast body", Duration{50})}}},
              {"a"}, 1);
    h.hedge = HedgePolicy{Duration{100}, 1};
    h.run();
    REQUIRE(h.transport.starts.size() == 2);
    CHECK(h.transport.starts[1].second - h.transport.starts[0].second == Duration{100});
    CHECK(h.transport.cancelled.size() == 1);
    CHECK(h.fetches.at(0)->output.bytes() == "fast body");
    CHECK(h.results.at(0).outcome == Outcome::success);
    CHECK(h.results.at(0).attempts == 1);
    CHECK(h.results.at(0).elapsed == Duration{150});
    const auto& observer = h.fetches.at(0)->observer;
    REQUIRE(observer.hedges.size() == 1);
    CHECK(observer.hedges[0].hedge == 1);
    CHECK(observer.hedges[0].after == Duration{100});
    REQUIRE(observer.records.size() == 1);
    CHECK(observer.records[0].hedges == 1);
    CHECK(observer.records[0].answered_by == 1);
    CHECK(observer.records[0].cancelled == 1);
}

TEST_CASE("an attempt that answers in time sends no hedge", "[scheduler][hedge]") {
    Harness h({{"a", {answer_with(200, "quick", Duration{80})}}}, {"a"}, 1);
    h.hedge = HedgePolicy{Duration{100}, 3};
    h.run();
    CHECK(h.transport.starts.size() == 1);
    CHECK(h.fetches.at(0)->observer.hedges.empty());
    CHECK(h.fetches.at(0)->observer.records.at(0).hedges == 0);
    CHECK(h.fetches.at(0)->output.bytes() == "quick");
}

TEST_CASE("when both answer in the same turn, only the winner's body is written, once",
          "[scheduler][hedge]") {
    // The first ends at 200 ms, the hedge (sent at 100 ms) at 200 ms too.
    Harness h(
        {{"a",
          {answer_with(200, "first", Duration{200}), answer_with(200, "second", Duration{100})}}},
        {"a"}, 1);
    h.hedge = HedgePolicy{Duration{100}, 1};
    h.run();
    REQUIRE(h.transport.starts.size() == 2);
    const std::string out = h.fetches.at(0)->output.bytes();
    CHECK((out == "first" || out == "second"));
    CHECK(h.results.at(0).outcome == Outcome::success);
    CHECK(h.fetches.at(0)->observer.records.size() == 1);
}

TEST_CASE("the hedge cap (--hedge-max) holds for one attempt", "[scheduler][hedge]") {
    Harness h({{"a",
                {answer_with(200, "0", Duration{1000}), answer_with(200, "1", Duration{1000}),
                 answer_with(200, "2", Duration{1000}), answer_with(200, "3", Duration{1000})}}},
              {"a"}, 1);
    h.hedge = HedgePolicy{Duration{100}, 2};
    h.run();
    // The first at 0, hedges at 100 and 200 ms; no third though the race runs to 1000 ms.
    REQUIRE(h.transport.starts.size() == 3);
    CHECK(h.transport.starts[2].second - h.transport.starts[0].second == Duration{200});
    CHECK(h.fetches.at(0)->output.bytes() == "0");
    CHECK(h.fetches.at(0)->observer.records.at(0).answered_by == 0);
    CHECK(h.fetches.at(0)->observer.records.at(0).cancelled == 2);
}

TEST_CASE("a hedge's retryable failure while the first still runs does not end the attempt",
          "[scheduler][hedge]") {
    Harness h({{"a",
                {answer_with(200, "late but good", Duration{400}),
                 answer_with(503, "busy", Duration{50})}}},
              {"a"}, 1);
    h.hedge = HedgePolicy{Duration{100}, 1};
    h.run();
    CHECK(h.transport.starts.size() == 2);
    CHECK(h.transport.cancelled.empty());
    CHECK(h.fetches.at(0)->output.bytes() == "late but good");
    CHECK(h.results.at(0).attempts == 1);
    CHECK(h.results.at(0).outcome == Outcome::success);
    CHECK(h.fetches.at(0)->observer.records.at(0).answered_by == 0);
}

TEST_CASE("when every request of a race fails, the last one's result is retried",
          "[scheduler][hedge]") {
    Harness h({{"a",
                {answer_with(503, "first", Duration{300}), answer_with(503, "hedge", Duration{100}),
                 answer_with(200, "retry", Duration{50})}}},
              {"a"}, 1);
    h.hedge = HedgePolicy{Duration{100}, 1};
    h.run();
    // The hedge fails at 200 ms and is set aside; the first fails at 300 ms and ends the
    // attempt; the retry 600 ms later answers before its hedge is due.
    REQUIRE(h.transport.starts.size() == 3);
    CHECK(h.transport.starts[2].second - h.transport.starts[0].second == Duration{900});
    CHECK(h.results.at(0).attempts == 2);
    CHECK(h.fetches.at(0)->output.bytes() == "retry");
    const auto& records = h.fetches.at(0)->observer.records;
    REQUIRE(records.size() == 2);
    CHECK(records[0].answered_by == 0);
    CHECK(records[0].status == 503);
    CHECK(records[1].hedges == 0);
}

TEST_CASE("with no budget left, no hedge is sent", "[scheduler][hedge]") {
    HedgeBudget budget(1);
    Harness h(
        {{"a", {answer_with(200, "0", Duration{1000}), answer_with(200, "1", Duration{1000})}}},
        {"a"}, 1);
    h.hedge = HedgePolicy{Duration{100}, 5};
    h.guard = &budget;
    h.run();
    CHECK(h.transport.starts.size() == 2);
    CHECK(h.fetches.at(0)->observer.hedges.size() == 1);
}

TEST_CASE("a hedge gets only what is left of its attempt's timeout, and none when none is left",
          "[scheduler][hedge]") {
    RunLimits limits;
    limits.attempt_timeout = Duration{1000};
    // The fake ignores limits: every request stalls for 5 s, as a server that never answers.
    Harness h({{"a",
                {answer_with(200, "0", Duration{5000}), answer_with(200, "1", Duration{5000}),
                 answer_with(200, "2", Duration{5000})}}},
              {"a"}, 1, limits);
    h.hedge = HedgePolicy{Duration{800}, 5};
    h.run();
    // The first at 0 with the whole second; the hedge at 800 ms with the 200 ms left of it;
    // the next, due at 1600 ms, is past the attempt's end and is not sent.
    REQUIRE(h.transport.starts.size() == 2);
    const auto& seen = h.transport.limits_seen.at("a");
    CHECK(seen.at(0).total == Duration{1000});
    CHECK(seen.at(1).total == Duration{200});
    CHECK(h.fetches.at(0)->observer.hedges.size() == 1);
}

TEST_CASE("the probe sent to a failing origin of cooperating runs is sent alone, unhedged",
          "[scheduler][hedge][cooperation]") {
    rfetch::testing::MemoryStateStore store;
    store.origins["o"].cooperation.phase = CooperationPhase::failing;
    FixedRandom random{0.0};
    OriginGuard guard(store, "o", {std::nullopt, std::nullopt, CooperationPolicy{}},
                      {"me/0", &random});
    Harness h(
        {{"a", {answer_with(200, "0", Duration{1000}), answer_with(200, "1", Duration{1000})}}},
        {"a"}, 1);
    store.clock = &h.clock;
    h.hedge = HedgePolicy{Duration{100}, 5};
    h.guard = &guard;
    h.run();
    CHECK(h.transport.starts.size() == 1);
    CHECK(h.fetches.at(0)->observer.hedges.empty());
    CHECK(h.results.at(0).outcome == Outcome::success);
}

TEST_CASE("hedges of many runs keep to their own runs", "[scheduler][hedge]") {
    Harness h(
        {{"a",
          {answer_with(200, "a slow", Duration{1000}), answer_with(200, "a fast", Duration{50})}},
         {"b", {answer_with(200, "b quick", Duration{20})}}},
        {"a", "b"}, 2);
    h.hedge = HedgePolicy{Duration{100}, 1};
    h.run();
    CHECK(h.transport.starts.size() == 3);
    CHECK(h.fetches.at(0)->output.bytes() == "a fast");
    CHECK(h.fetches.at(1)->output.bytes() == "b quick");
}

TEST_CASE("a signal during a race ends it as interrupted, and no hedge goes out after it",
          "[scheduler][hedge]") {
    Harness h(
        {{"a", {answer_with(200, "0", Duration{1000}), answer_with(200, "1", Duration{1000})}},
         {"b", {answer_with(200, "b", Duration{50})}}},
        {"a", "b"}, 2);
    h.hedge = HedgePolicy{Duration{100}, 1};
    h.interrupt_after_done = true;
    h.run();
    CHECK(h.transport.starts.size() == 2);
    CHECK(h.results.at(0).outcome == Outcome::interrupted);
    CHECK(h.fetches.at(0)->output.bytes().empty());
}

TEST_CASE("a poll that gives up before the deadline ends the others at once", "[scheduler][wait]") {
    RunLimits limits;
    limits.deadline = Duration{10'000};
    // late's server asks for 30 s, past the deadline: it cannot be ready in time.
    Harness h({{"late", {{status(503, {{"Retry-After", "30"}}), Duration{100}}}},
               {"waiting", answers({503, 503})},
               {"up", answers({200, 200})}},
              {"late", "waiting", "up"}, 3, limits, together_policy());
    h.scheduler.wait_together(true);
    h.run();
    REQUIRE(h.results.size() == 3);
    CHECK(h.done.front() == 0);
    CHECK(h.results.at(0).outcome == Outcome::deadline);
    CHECK(h.results.at(0).gave_up_early);
    CHECK(h.results.at(1).outcome == Outcome::abandoned);
    CHECK(h.results.at(1).reason ==
          "status 503; the wait ended when late could not be ready before the deadline (" +
              h.results.at(0).reason + ")");
    CHECK(h.results.at(2).outcome == Outcome::success);
    // Ended after late's one poll, not at the deadline 10 s on.
    CHECK(h.clock.now() - h.transport.starts.front().second == Duration{100});
}
