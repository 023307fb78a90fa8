#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "core/engine.h"

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
};

/// The attempt log on stderr: one event per attempt as it ends, then one result.
class EventLog : public AttemptObserver {
  public:
    virtual void on_result(const RunResult& result, int exit_code) = 0;
};

enum class LogFormat { json, text, none };

/// JSON Lines for machines (schema/attempt-log.schema.json), short lines for people, or nothing.
/// Secrets are redacted before anything is written.
std::unique_ptr<EventLog> make_event_log(LogFormat format, std::ostream& out, RunInfo info);

/// RFC 3339 in UTC with milliseconds: 2026-11-23T10:31:44.123Z.
std::string format_rfc3339(WallTime time);

}  // namespace rfetch
