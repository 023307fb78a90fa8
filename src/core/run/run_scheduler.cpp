#include "core/run/run_scheduler.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/run/hedge_race.h"

namespace rfetch {
namespace {

// How long to let transfers run when no timer is due sooner. The transport returns as soon as
// one ends, so this only bounds how stale a decision about the timers can be.
constexpr Duration kLongestTurn{1'000};

struct Timer {
    TimePoint due;
    std::size_t index;
    /// A hedge's timer names the race it belongs to, so that one outlived by its race is
    /// dropped; a run's wait names none.
    std::uint64_t race = 0;
    bool operator>(const Timer& other) const { return due > other.due; }
};

// An attempt sent as a race of requests, and what its hedges send.
struct Race {
    Race(BodySink& sink, HedgePolicy policy, TimePoint started, std::uint64_t serial_,
         std::vector<Header> headers_)
        : requests(sink, policy, started), serial(serial_), headers(std::move(headers_)) {}

    HedgeRace requests;
    std::uint64_t serial;
    std::vector<Header> headers;
};

// One call of RunScheduler::run: the runs under way, their timers, and the next run to start.
class Pass {
  public:
    Pass(AsyncTransport& transport, Clock& clock, std::size_t max_active,
         const std::function<bool()>& interrupted, bool together,
         const std::function<bool()>& stop_starting, std::size_t count,
         const RunScheduler::RunMaker& make, const RunScheduler::RunDone& on_done)
        : transport_(transport),
          clock_(clock),
          max_active_(max_active),
          interrupted_(interrupted),
          together_(together),
          stop_starting_(stop_starting),
          count_(count),
          make_(make),
          on_done_(on_done) {}

    void run() {
        while (true) {
            stopping_ = stopping_ || interrupted_();
            if (stopping_) {
                stop_all();
            }
            fill_slots();
            if (together_ && !stopping_) {
                settle_together();
            }
            if (runs_.empty()) {
                return;
            }
            next_turn();
            end_waits_without_reader();
            fire_due_timers();
        }
    }

  private:
    // Does what a run's step asks: start its attempt, set its timer, or let it go.
    void follow(std::size_t index, const RunStep& step) {
        RetryRun& retry_run = *runs_.at(index);
        switch (step.kind) {
            case RunStep::Kind::attempt:
                if (retry_run.hedging()) {
                    start_race(index, step);
                } else {
                    transport_.start(transfer_id(index, 0), retry_run.request(),
                                     step.attempt_headers, step.limits, retry_run.body_sink());
                }
                break;
            case RunStep::Kind::wait:
                timers_.push({clock_.now() + step.delay, index});
                break;
            case RunStep::Kind::done:
                if (together_ && !ended_by_) {
                    ended_by_ = ends_the_wait(retry_run);
                }
                runs_.erase(index);
                on_done_(index);
                break;
        }
    }

    // Why a run's end ends the polls waiting with it, if it does. A run that met the deadline or
    // a signal leaves the others to meet it too; one that gave up before the deadline cannot be
    // ready in time, and any other end short of ready is one that no further wait can mend.
    static std::optional<std::string> ends_the_wait(RetryRun& retry_run) {
        const RunResult& result = retry_run.result();
        const std::string& url = retry_run.request().url;
        if (result.outcome == Outcome::deadline && result.gave_up_early) {
            return "the wait ended when " + url + " could not be ready before the deadline (" +
                   result.reason + ")";
        }
        if (result.outcome == Outcome::success || result.outcome == Outcome::deadline ||
            result.outcome == Outcome::interrupted) {
            return std::nullopt;
        }
        return "the wait ended when " + url + " failed (" + result.reason + ")";
    }

    // Polls waiting together end when one has failed for good or given up before the deadline,
    // or when every one still polling is ready: those that met the deadline are not coming back,
    // and keep the wait failed.
    void settle_together() {
        if (next_ < count_) {
            return;
        }
        const bool all_ready =
            std::ranges::all_of(runs_, [](const auto& entry) { return entry.second->ready(); });
        if (!ended_by_ && !all_ready) {
            return;
        }
        const std::string why = ended_by_.value_or("");
        std::priority_queue<Timer, std::vector<Timer>, std::greater<>> none;
        timers_.swap(none);
        while (!runs_.empty()) {
            const std::size_t index = runs_.begin()->first;
            cancel_run(index);
            follow(index, runs_.at(index)->stop_polling(why));
        }
    }

    // A transfer's id names its run and its request within the attempt: an attempt's first
    // request has its run's index, a hedge that plus a multiple of the number of runs.
    AsyncTransport::TransferId transfer_id(std::size_t index, int request) const {
        return static_cast<std::size_t>(request) * count_ + index;
    }

    // Every request a run may have under way: its attempt's, and its hedges'.
    void cancel_run(std::size_t index) {
        for (int request = 0; request <= kMostHedges; ++request) {
            transport_.cancel(transfer_id(index, request));
        }
        races_.erase(index);
    }

    void start_race(std::size_t index, const RunStep& step) {
        RetryRun& retry_run = *runs_.at(index);
        auto race = std::make_unique<Race>(retry_run.body_sink(), *retry_run.hedging(),
                                           clock_.now(), ++races_started_, step.attempt_headers);
        const int request = race->requests.add_request();
        transport_.start(transfer_id(index, request), retry_run.request(), step.attempt_headers,
                         step.limits, race->requests.body(request));
        set_hedge_timer(index, *race);
        races_[index] = std::move(race);
    }

    void set_hedge_timer(std::size_t index, const Race& race) {
        if (const auto due = race.requests.next_hedge_due()) {
            timers_.push({*due, index, race.serial});
        }
    }

    // A hedge's time has come: unless its race is over, or the run may not send it, another
    // request like the first goes out.
    void send_hedge(std::size_t index, std::uint64_t serial) {
        const auto found = races_.find(index);
        if (found == races_.end() || found->second->serial != serial) {
            return;
        }
        Race& race = *found->second;
        if (!race.requests.next_hedge_due()) {
            // A request answered since the timer was set.
            return;
        }
        RetryRun& retry_run = *runs_.at(index);
        const auto limits = retry_run.hedge(race.requests.hedges_sent() + 1);
        if (!limits) {
            return;
        }
        const int request = race.requests.add_request();
        transport_.start(transfer_id(index, request), retry_run.request(), race.headers, *limits,
                         race.requests.body(request));
        set_hedge_timer(index, race);
    }

    void transfer_ended(AsyncTransport::TransferId id, AttemptResult result) {
        if (cancelled_.erase(id) > 0) {
            // It ended in the same turn as the request that beat it.
            return;
        }
        const std::size_t index = id % count_;
        RetryRun& retry_run = *runs_.at(index);
        const auto found = races_.find(index);
        if (found == races_.end()) {
            follow(index, retry_run.attempt_done(std::move(result)));
            return;
        }
        HedgeRace& requests = found->second->requests;
        const int request = static_cast<int>(id / count_);
        if (requests.end_request(request, retry_run.wins_race(result)) == RaceEnd::set_aside) {
            return;
        }
        RaceTally tally{requests.hedges_sent(), request, requests.cancelled()};
        for (const int other : requests.running()) {
            transport_.cancel(transfer_id(index, other));
            cancelled_.insert(transfer_id(index, other));
            ++tally.cancelled;
        }
        AttemptResult delivered = requests.deliver(request, std::move(result));
        races_.erase(found);
        follow(index, retry_run.attempt_done(std::move(delivered), tally));
    }

    // A request whose body outgrew what a race may hold streams now: the others cannot win.
    // Their ends in this turn, if any, were set aside already.
    void cancel_outrun() {
        for (auto& [index, race] : races_) {
            for (const int other : race->requests.outrun()) {
                transport_.cancel(transfer_id(index, other));
            }
        }
    }

    // After a signal, waits end at once and no run starts; transfers end as aborted through
    // the transport.
    void stop_all() {
        while (!timers_.empty()) {
            const Timer timer = timers_.top();
            timers_.pop();
            if (timer.race == 0) {
                follow(timer.index, runs_.at(timer.index)->wait_done(false));
            }
        }
        for (; next_ < count_; ++next_) {
            runs_[next_] = &make_(next_);
            follow(next_, runs_[next_]->abandon());
        }
    }

    void fill_slots() {
        for (;
             next_ < count_ && runs_.size() < max_active_ && !(stop_starting_ && stop_starting_());
             ++next_) {
            runs_[next_] = &make_(next_);
            follow(next_, runs_[next_]->start());
        }
    }

    // Lets the transfers run, or sleeps, until a transfer ends or the next timer is due.
    void next_turn() {
        Duration turn = kLongestTurn;
        if (!timers_.empty()) {
            turn = std::clamp(std::chrono::ceil<Duration>(timers_.top().due - clock_.now()),
                              Duration{0}, turn);
        }
        if (transport_.in_flight() > 0) {
            for (auto& [id, result] : transport_.run_for(turn)) {
                transfer_ended(id, std::move(result));
            }
            cancelled_.clear();
            cancel_outrun();
        } else if (!clock_.wait_for(turn) && interrupted_()) {
            // A wait the going of a body's reader cut short ends the waits of the runs that
            // wrote there, in end_waits_without_reader, and leaves the others waiting.
            stopping_ = true;
        }
    }

    // A run whose body's reader has gone (stdout's, `rfetch -Z URL1 URL2 | head -1`) ends its
    // wait at once, rather than sleep through it and send a request whose body no one reads.
    void end_waits_without_reader() {
        std::vector<Timer> kept;
        std::vector<std::size_t> ended;
        while (!timers_.empty()) {
            const Timer timer = timers_.top();
            timers_.pop();
            if (timer.race == 0 && runs_.at(timer.index)->reader_gone()) {
                ended.push_back(timer.index);
            } else {
                kept.push_back(timer);
            }
        }
        for (const Timer& timer : kept) {
            timers_.push(timer);
        }
        for (const std::size_t index : ended) {
            follow(index, runs_.at(index)->wait_done(false));
        }
    }

    void fire_due_timers() {
        // A signal in this turn ends the due waits too: no attempt or hedge starts after it.
        const bool completed = !stopping_ && !interrupted_();
        const TimePoint now = clock_.now();
        while (!timers_.empty() && timers_.top().due <= now) {
            const Timer timer = timers_.top();
            timers_.pop();
            if (timer.race == 0) {
                follow(timer.index, runs_.at(timer.index)->wait_done(completed));
            } else if (completed) {
                send_hedge(timer.index, timer.race);
            }
        }
    }

    AsyncTransport& transport_;
    Clock& clock_;
    std::size_t max_active_;
    const std::function<bool()>& interrupted_;
    bool together_;
    const std::function<bool()>& stop_starting_;
    std::size_t count_;
    const RunScheduler::RunMaker& make_;
    const RunScheduler::RunDone& on_done_;

    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
    std::unordered_map<std::size_t, RetryRun*> runs_;
    std::unordered_map<std::size_t, std::unique_ptr<Race>> races_;
    std::uint64_t races_started_ = 0;
    /// Transfers cancelled in this turn after their race was won: they may have ended in the
    /// same turn, and be among the ends the transport returned.
    std::unordered_set<AsyncTransport::TransferId> cancelled_;
    std::size_t next_ = 0;
    bool stopping_ = false;
    /// Why the polls waiting together end early: one of them failed for good, or gave up
    /// before the deadline.
    std::optional<std::string> ended_by_;
};

}  // namespace

RunScheduler::RunScheduler(AsyncTransport& transport, Clock& clock, std::size_t max_active,
                           std::function<bool()> interrupted)
    : transport_(transport),
      clock_(clock),
      max_active_(std::max<std::size_t>(1, max_active)),
      interrupted_(std::move(interrupted)) {}

void RunScheduler::run(std::size_t count, const RunMaker& make, const RunDone& on_done) {
    Pass(transport_, clock_, max_active_, interrupted_, together_, stop_starting_, count, make,
         on_done)
        .run();
}

}  // namespace rfetch
