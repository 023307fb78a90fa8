#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/log/log_channel.h"
#include "core/run/engine.h"

namespace rfetch {

/// What stays the same for every event of a run.
struct RunInfo {
    std::string method;
    std::string url;
    std::uint64_t seed = 0;
    std::optional<std::string> idempotency_key;
    std::optional<std::string> request_id;
    /// Polling: a response can be retried for what its body says, which the text log must show.
    bool polling = false;
    /// With many URLs: this one's place among them, from 0, as curl's %{urlnum}.
    std::optional<std::size_t> index;
    /// The poll waits for the target to go down, and the text log says so rather than "ready".
    bool until_down = false;
};

/// A polled target that did not become ready, and the reason its run ended with.
struct NotReady {
    std::size_t index = 0;
    std::string url;
    std::string reason;
};

/// How an invocation with many URLs went, for its last event.
struct Summary {
    std::size_t urls = 0;
    std::size_t succeeded = 0;
    std::size_t failed = 0;
    int exit_code = 0;
    Duration elapsed{0};
    /// Set when the invocation polled: the targets that failed, in input order.
    std::optional<std::vector<NotReady>> not_ready;
    /// The poll waited for the targets to go down.
    bool until_down = false;
};

/// The attempt log on stderr: one event per attempt as it ends, then one result.
class EventLog : public AttemptObserver {
  public:
    virtual void on_result(const RunResult& result, int exit_code) = 0;
};

/// The summary event that ends the log of many URLs. The text log has a line only when a URL
/// failed, as it has for one URL.
void log_summary(const LogChannel& log, const Summary& summary);

/// JSON Lines for machines (schema/attempt-log.schema.json), short lines for people, or nothing,
/// as `log.format` says. Secrets are redacted before anything is written. `clock` dates the
/// result event.
std::unique_ptr<EventLog> make_event_log(const LogChannel& log, const Clock& clock, RunInfo info);

/// RFC 3339 in UTC with milliseconds: 2026-11-23T10:31:44.123Z.
std::string format_rfc3339(WallTime time);

}  // namespace rfetch
