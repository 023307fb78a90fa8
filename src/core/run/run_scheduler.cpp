#include "core/run/run_scheduler.h"

#include <algorithm>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <utility>

namespace rfetch {
namespace {

// How long to let transfers run when no timer is due sooner. The transport returns as soon as
// one ends, so this only bounds how stale a decision about the timers can be.
constexpr Duration kLongestTurn{1'000};

struct Timer {
    TimePoint due;
    std::size_t index;
    bool operator>(const Timer& other) const { return due > other.due; }
};

// One call of RunScheduler::run: the runs under way, their timers, and the next run to start.
class Pass {
  public:
    Pass(AsyncTransport& transport, Clock& clock, std::size_t max_active,
         const std::function<bool()>& interrupted, bool together, std::size_t count,
         const RunScheduler::RunMaker& make, const RunScheduler::RunDone& on_done)
        : transport_(transport),
          clock_(clock),
          max_active_(max_active),
          interrupted_(interrupted),
          together_(together),
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
            fire_due_timers();
        }
    }

  private:
    // Does what a run's step asks: start its attempt, set its timer, or let it go.
    void follow(std::size_t index, const RunStep& step) {
        RetryRun& retry_run = *runs_.at(index);
        switch (step.kind) {
            case RunStep::Kind::attempt:
                transport_.start(index, retry_run.request(), step.attempt_headers, step.limits,
                                 retry_run.body_sink());
                break;
            case RunStep::Kind::wait:
                timers_.push({clock_.now() + step.delay, index});
                break;
            case RunStep::Kind::done:
                if (together_ && !failed_ && ended_for_good(retry_run.result().outcome)) {
                    failed_ = "the wait ended when " + retry_run.request().url + " failed (" +
                              retry_run.result().reason + ")";
                }
                runs_.erase(index);
                on_done_(index);
                break;
        }
    }

    // A run that met the deadline or a signal leaves the others to meet it too; any other end
    // short of ready is one that no further wait can mend.
    static bool ended_for_good(Outcome outcome) {
        return outcome != Outcome::success && outcome != Outcome::deadline &&
               outcome != Outcome::interrupted;
    }

    // Polls waiting together end when one has failed for good, or when every one still polling
    // is ready: those that met the deadline are not coming back, and keep the wait failed.
    void settle_together() {
        if (next_ < count_) {
            return;
        }
        const bool all_ready =
            std::ranges::all_of(runs_, [](const auto& entry) { return entry.second->ready(); });
        if (!failed_ && !all_ready) {
            return;
        }
        const std::string why = failed_.value_or("");
        std::priority_queue<Timer, std::vector<Timer>, std::greater<>> none;
        timers_.swap(none);
        while (!runs_.empty()) {
            const std::size_t index = runs_.begin()->first;
            transport_.cancel(index);
            follow(index, runs_.at(index)->stop_polling(why));
        }
    }

    // After a signal, waits end at once and no run starts; transfers end as aborted through
    // the transport.
    void stop_all() {
        while (!timers_.empty()) {
            const std::size_t index = timers_.top().index;
            timers_.pop();
            follow(index, runs_.at(index)->wait_done(false));
        }
        for (; next_ < count_; ++next_) {
            runs_[next_] = &make_(next_);
            follow(next_, runs_[next_]->abandon());
        }
    }

    void fill_slots() {
        for (; next_ < count_ && runs_.size() < max_active_; ++next_) {
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
            for (auto& [index, result] : transport_.run_for(turn)) {
                follow(index, runs_.at(index)->attempt_done(std::move(result)));
            }
        } else if (!clock_.wait_for(turn)) {
            stopping_ = true;
        }
    }

    void fire_due_timers() {
        // A signal in this turn ends the due waits too: no attempt starts after it.
        const bool completed = !stopping_ && !interrupted_();
        const TimePoint now = clock_.now();
        while (!timers_.empty() && timers_.top().due <= now) {
            const std::size_t index = timers_.top().index;
            timers_.pop();
            follow(index, runs_.at(index)->wait_done(completed));
        }
    }

    AsyncTransport& transport_;
    Clock& clock_;
    std::size_t max_active_;
    const std::function<bool()>& interrupted_;
    bool together_;
    std::size_t count_;
    const RunScheduler::RunMaker& make_;
    const RunScheduler::RunDone& on_done_;

    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
    std::unordered_map<std::size_t, RetryRun*> runs_;
    std::size_t next_ = 0;
    bool stopping_ = false;
    /// Why the polls waiting together end early: one of them failed for good.
    std::optional<std::string> failed_;
};

}  // namespace

RunScheduler::RunScheduler(AsyncTransport& transport, Clock& clock, std::size_t max_active,
                           std::function<bool()> interrupted)
    : transport_(transport),
      clock_(clock),
      max_active_(std::max<std::size_t>(1, max_active)),
      interrupted_(std::move(interrupted)) {}

void RunScheduler::run(std::size_t count, const RunMaker& make, const RunDone& on_done) {
    Pass(transport_, clock_, max_active_, interrupted_, together_, count, make, on_done).run();
}

}  // namespace rfetch
