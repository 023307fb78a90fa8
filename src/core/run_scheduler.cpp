#include "core/run_scheduler.h"

#include <algorithm>
#include <queue>
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

}  // namespace

RunScheduler::RunScheduler(AsyncTransport& transport, Clock& clock, std::size_t max_active,
                           std::function<bool()> interrupted)
    : transport_(transport),
      clock_(clock),
      max_active_(std::max<std::size_t>(1, max_active)),
      interrupted_(std::move(interrupted)) {}

void RunScheduler::run(std::size_t count, const RunMaker& make, const RunDone& on_done) {
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers;
    std::unordered_map<std::size_t, RetryRun*> runs;
    std::size_t next = 0;

    auto follow = [&](std::size_t index, const RunStep& step) {
        RetryRun& run = *runs.at(index);
        switch (step.kind) {
            case RunStep::Kind::attempt:
                transport_.start(index, run.request(), step.attempt_headers, step.limits,
                                 run.body_sink());
                break;
            case RunStep::Kind::wait:
                timers.push({clock_.now() + step.delay, index});
                break;
            case RunStep::Kind::done:
                runs.erase(index);
                on_done(index);
                break;
        }
    };

    bool stopping = false;
    while (true) {
        stopping = stopping || interrupted_();
        if (stopping) {
            // Waits end at once; transfers end as aborted through the transport.
            while (!timers.empty()) {
                const std::size_t index = timers.top().index;
                timers.pop();
                follow(index, runs.at(index)->wait_done(false));
            }
            for (; next < count; ++next) {
                runs[next] = &make(next);
                follow(next, runs[next]->abandon());
            }
        }
        for (; next < count && runs.size() < max_active_; ++next) {
            runs[next] = &make(next);
            follow(next, runs[next]->start());
        }
        if (runs.empty()) {
            return;
        }

        Duration turn = kLongestTurn;
        if (!timers.empty()) {
            turn = std::clamp(std::chrono::ceil<Duration>(timers.top().due - clock_.now()),
                              Duration{0}, turn);
        }
        if (transport_.in_flight() > 0) {
            for (auto& [index, result] : transport_.run_for(turn)) {
                follow(index, runs.at(index)->attempt_done(std::move(result)));
            }
        } else if (!clock_.wait_for(turn)) {
            stopping = true;
            continue;
        }

        // A signal in this turn ends the due waits too: no attempt starts after it.
        const bool completed = !interrupted_();
        const TimePoint now = clock_.now();
        while (!timers.empty() && timers.top().due <= now) {
            const std::size_t index = timers.top().index;
            timers.pop();
            follow(index, runs.at(index)->wait_done(completed));
        }
    }
}

}  // namespace rfetch
