#pragma once

#include <deque>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/base/clock.h"
#include "core/base/random.h"
#include "core/base/transport.h"
#include "core/output/output.h"
#include "core/run/engine.h"
#include "core/state/state_store.h"

namespace rfetch::testing {

/// Time that moves only when the engine waits or the fake transport says an attempt took long.
class FakeClock final : public Clock {
  public:
    TimePoint now() const override { return steady_; }
    WallTime wall_now() const override { return wall_; }
    bool wait_for(Duration d) override {
        waits.push_back(d);
        advance(d);
        if (during_wait) {
            during_wait();
        }
        return !interrupt_next_wait;
    }
    void advance(Duration d) {
        steady_ += d;
        wall_ += d;
    }

    std::vector<Duration> waits;
    bool interrupt_next_wait = false;
    /// What happens in the world while the engine waits.
    std::function<void()> during_wait;

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

    /// The scripted response's body goes to `body` in chunks of `chunk_size`; a scripted
    /// failure beside a response is a body that broke after all of its scripted bytes.
    AttemptResult perform(const Request& request, const std::vector<Header>& attempt_headers,
                          const AttemptLimits& limits, BodySink& body) override {
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
        AttemptResult result = std::move(step.result);
        if (result.response) {
            const std::string bytes = std::exchange(result.response->body, {});
            for (std::size_t at = 0; at < bytes.size(); at += chunk_size) {
                if (auto stop = body.on_body(*result.response,
                                             std::string_view(bytes).substr(at, chunk_size))) {
                    result.failure = std::move(stop);
                    break;
                }
            }
        }
        return result;
    }

    std::size_t chunk_size = 4;

    std::vector<Request> requests;
    std::vector<AttemptLimits> limits_seen;
    std::vector<std::vector<Header>> attempt_headers_seen;

  private:
    FakeClock& clock_;
    std::deque<Step> steps_;
};

/// An output in memory that remembers what happened to it.
class MemoryOutput final : public Output {
  public:
    explicit MemoryOutput(bool rewindable = false) : rewindable_(rewindable) {}

    WriteStatus write(std::string_view bytes) override {
        if (fail_writes) {
            return {WriteStatus::Kind::reader_gone, {}};
        }
        if (bytes_.size() + bytes.size() > capacity) {
            // A reader that takes only `capacity` bytes and then goes away.
            const std::size_t taken = capacity - bytes_.size();
            bytes_ += bytes.substr(0, taken);
            return {WriteStatus::Kind::reader_gone, {}, taken};
        }
        bytes_ += bytes;
        ++writes;
        return {};
    }
    bool can_rewind() const override { return rewindable_; }
    bool reader_gone() const override { return gone; }
    WriteStatus rewind() override {
        bytes_.clear();
        ++rewinds;
        return {};
    }
    WriteStatus finish() override {
        finished = true;
        return {};
    }
    void abandon() override {
        abandoned = true;
        if (rewindable_) {
            bytes_.clear();
        }
    }

    const std::string& bytes() const { return bytes_; }

    bool fail_writes = false;
    /// The reader has gone, before any write says so.
    bool gone = false;
    std::size_t capacity = std::string::npos;
    int writes = 0;
    int rewinds = 0;
    bool finished = false;
    bool abandoned = false;

  private:
    bool rewindable_;
    std::string bytes_;
};

/// Runs `engine` with bodies held whole and written to memory, for tests not about output.
inline RunResult run_holding_bodies(Engine& engine, const Request& request,
                                    AttemptObserver& observer) {
    MemoryOutput output;
    DeliveryPolicy policy;
    policy.may_stream = false;
    Delivery delivery(output, policy, [](const Response&) { return true; });
    return engine.run(request, delivery, observer);
}

class RecordingObserver final : public AttemptObserver {
  public:
    void on_attempt(const AttemptRecord& record) override { records.push_back(record); }
    void on_wait(const WaitRecord& record) override { waits.push_back(record); }
    void on_hedge(const HedgeRecord& record) override { hedges.push_back(record); }
    std::vector<AttemptRecord> records;
    std::vector<WaitRecord> waits;
    std::vector<HedgeRecord> hedges;
};

inline AttemptResult status(int code, std::vector<Header> headers = {}, std::string body = {}) {
    AttemptResult result;
    result.response.emplace();
    result.response->status = code;
    result.response->http_version = "1.1";
    result.response->headers = std::move(headers);
    result.response->body_size = body.size();
    result.response->body = std::move(body);
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
    void update(const std::string& origin, const Change& change) override {
        ++updates;
        change(origins[origin], clock != nullptr ? clock->wall_now() : WallTime{});
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
    /// The store's time; the Unix epoch when unset.
    const Clock* clock = nullptr;
};

/// A date parser for tests that never see an HTTP-date.
inline std::optional<WallTime> no_dates(std::string_view) {
    return std::nullopt;
}

}  // namespace rfetch::testing
