#pragma once

#include <deque>
#include <map>
#include <stdexcept>
#include <vector>

#include "core/clock.h"
#include "core/engine.h"
#include "core/random.h"
#include "core/state_store.h"
#include "core/transport.h"

namespace rfetch::testing {

/// Time that moves only when the engine waits or the fake transport says an attempt took long.
class FakeClock final : public Clock {
  public:
    TimePoint now() const override { return steady_; }
    WallTime wall_now() const override { return wall_; }
    bool wait_for(Duration d) override {
        waits.push_back(d);
        advance(d);
        return !interrupt_next_wait;
    }
    void advance(Duration d) {
        steady_ += d;
        wall_ += d;
    }

    std::vector<Duration> waits;
    bool interrupt_next_wait = false;

  private:
    TimePoint steady_{std::chrono::hours(1)};
    WallTime wall_{std::chrono::seconds(1'700'000'000)};
};

/// Returns the same fraction every time: 0 is the low end of every range, 0.999... the high.
class FixedRandom final : public Random {
  public:
    explicit FixedRandom(double value) : value_(value) {}
    double uniform01() override { return value_; }

  private:
    double value_;
};

/// Plays back scripted attempt results and remembers what it was asked to send.
class FakeTransport final : public Transport {
  public:
    struct Step {
        AttemptResult result;
        Duration takes{0};
    };

    FakeTransport(FakeClock& clock, std::deque<Step> steps)
        : clock_(clock), steps_(std::move(steps)) {}

    AttemptResult perform(const Request& request, const std::vector<Header>& attempt_headers,
                          const AttemptLimits& limits) override {
        if (steps_.empty()) {
            throw std::logic_error("FakeTransport: more attempts than scripted");
        }
        requests.push_back(request);
        attempt_headers_seen.push_back(attempt_headers);
        limits_seen.push_back(limits);
        Step step = std::move(steps_.front());
        steps_.pop_front();
        // An attempt cannot outlast its own limit: that is what a timeout is.
        clock_.advance(limits.total ? std::min(step.takes, *limits.total) : step.takes);
        return step.result;
    }

    std::vector<Request> requests;
    std::vector<AttemptLimits> limits_seen;
    std::vector<std::vector<Header>> attempt_headers_seen;

  private:
    FakeClock& clock_;
    std::deque<Step> steps_;
};

class RecordingObserver final : public AttemptObserver {
  public:
    void on_attempt(const AttemptRecord& record) override { records.push_back(record); }
    std::vector<AttemptRecord> records;
};

inline AttemptResult status(int code, std::vector<Header> headers = {}, std::string body = {}) {
    AttemptResult result;
    result.response = Response{code, "1.1", std::move(headers), std::move(body)};
    return result;
}

inline AttemptResult failure(FailureKind kind, int code = 0, bool request_sent = true) {
    AttemptResult result;
    result.failure = Failure{kind, code, "scripted failure"};
    result.request_sent = request_sent;
    return result;
}

/// Shared state kept in memory, as a store on disk would keep it between runs.
class MemoryStateStore final : public StateStore {
  public:
    void update(const std::string& origin,
                const std::function<void(OriginState&)>& change) override {
        ++updates;
        change(origins[origin]);
    }
    std::map<std::string, OriginState> list() override { return origins; }
    bool reset(const std::optional<std::string>& origin) override {
        if (origin) {
            origins.erase(*origin);
        } else {
            origins.clear();
        }
        return true;
    }

    std::map<std::string, OriginState> origins;
    int updates = 0;
};

/// A date parser for tests that never see an HTTP-date.
inline std::optional<WallTime> no_dates(std::string_view) {
    return std::nullopt;
}

}  // namespace rfetch::testing
