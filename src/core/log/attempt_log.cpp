#include "core/log/attempt_log.h"

#include <ctime>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/log/redact.h"
#include "core/retry/classify.h"

namespace rfetch {
namespace {

using Json = nlohmann::ordered_json;

// Where the final response came from, after redirects; the URL asked for when none came.
std::string effective_url(const RunResult& result, const std::string& asked) {
    if (result.final_response && !result.final_response->effective_url.empty()) {
        return redact_url(result.final_response->effective_url);
    }
    return asked;
}

// An HTTP/0.9 reply (curl's --http0.9) has no status line: it has status 0, which no log
// shows as a status.
Json status_json(std::optional<int> status) {
    return status && *status > 0 ? Json(*status) : Json(nullptr);
}

Json http_version(const RunResult& result) {
    if (!result.final_response || result.final_response->http_version.empty()) {
        return nullptr;
    }
    return result.final_response->http_version;
}

std::string_view describe(WaitReason why) {
    switch (why) {
        case WaitReason::probe_in_flight:
            return "for the origin to recover (another run is probing it)";
        case WaitReason::backoff:
            return "for the origin to recover (backing off between probes)";
        case WaitReason::ramp:
            return "for the origin to recover (released in a ramp)";
        case WaitReason::quota:
            return "for the origin's spent rate-limit quota to come back";
        case WaitReason::pace:
            return "for its turn in the fixed pace of requests";
        case WaitReason::token:
            return "for a token of the origin's adaptive pace";
        case WaitReason::redirect:
            return "before following a redirect, as its Retry-After asked";
    }
    return "for the origin to recover";
}

class JsonLog final : public EventLog {
  public:
    JsonLog(LogChannel log, const Clock& clock, RunInfo info)
        : log_(std::move(log)), clock_(clock), info_(std::move(info)) {
        info_.url = redact_url(info_.url);
    }

    void on_attempt(const AttemptRecord& record) override {
        Json event{{"event", "attempt"},
                   {"attempt", record.attempt},
                   {"method", record.method},
                   {"url", info_.url},
                   {"status", status_json(record.status)},
                   {"error", nullptr},
                   {"curl_code", nullptr},
                   {"message", nullptr},
                   {"elapsed_ms", record.elapsed.count()},
                   {"bytes_received", record.bytes_received},
                   {"decision", to_string(record.decision.action)},
                   {"reason", record.decision.reason}};
        if (record.failure) {
            event["error"] = to_string(record.failure->kind);
            event["curl_code"] = record.failure->code;
            event["message"] = redact_text(record.failure->message);
        }
        if (record.decision.action == Action::retry) {
            event["delay_ms"] = record.decision.delay.count();
            event["delay_source"] = to_string(record.decision.delay_source);
        }
        if (record.retry_after) {
            event["retry_after"] = *record.retry_after;
        }
        if (record.resumed_from) {
            event["resumed_from"] = *record.resumed_from;
        }
        if (record.hedges > 0) {
            event["hedges"] = record.hedges;
            event["answered_by"] = record.answered_by;
            event["cancelled"] = record.cancelled;
        }
        for (const Header& header : record.attempt_headers) {
            if (header.name == "traceparent") {
                event["traceparent"] = header.value;
            }
        }
        if (info_.request_id) {
            event["request_id"] = *info_.request_id;
        }
        if (info_.index) {
            event["index"] = *info_.index;
        }
        event["ts"] = format_rfc3339(record.started);
        bytes_received_ += record.bytes_received;
        write_json_event(log_, event);
    }

    void on_wait(const WaitRecord& record) override {
        Json event{{"event", "wait"},
                   {"attempt", record.attempt},
                   {"url", info_.url},
                   {"why", to_string(record.why)},
                   {"waited_ms", record.waited.count()},
                   {"prober", record.prober.empty() ? Json(nullptr) : Json(record.prober)}};
        if (record.delay_source) {
            event["delay_source"] = to_string(*record.delay_source);
        }
        if (info_.request_id) {
            event["request_id"] = *info_.request_id;
        }
        if (info_.index) {
            event["index"] = *info_.index;
        }
        event["ts"] = format_rfc3339(record.started);
        write_json_event(log_, event);
    }

    void on_hedge(const HedgeRecord& record) override {
        Json event{{"event", "hedge"},
                   {"attempt", record.attempt},
                   {"hedge", record.hedge},
                   {"url", info_.url},
                   {"after_ms", record.after.count()}};
        if (info_.request_id) {
            event["request_id"] = *info_.request_id;
        }
        if (info_.index) {
            event["index"] = *info_.index;
        }
        event["ts"] = format_rfc3339(record.sent);
        write_json_event(log_, event);
    }

    void on_result(const RunResult& result, int exit_code) override {
        Json event{{"event", "result"},
                   {"outcome", to_string(result.outcome)},
                   {"reason", redact_text(result.reason)},
                   {"method", info_.method},
                   {"url", info_.url},
                   {"attempts", result.attempts},
                   {"status",
                    status_json(result.final_response ? std::optional(result.final_response->status)
                                                      : std::nullopt)},
                   {"exit_code", exit_code},
                   {"elapsed_ms", result.elapsed.count()},
                   {"seed", info_.seed},
                   {"output", to_string(result.output)},
                   {"bytes_written", result.bytes_written},
                   {"bytes_received", bytes_received_},
                   {"effective_url", effective_url(result, info_.url)},
                   {"http_version", http_version(result)}};
        if (info_.idempotency_key) {
            event["idempotency_key"] = *info_.idempotency_key;
        }
        if (info_.request_id) {
            event["request_id"] = *info_.request_id;
        }
        if (result.circuit_open_for) {
            event["circuit_open_ms"] = result.circuit_open_for->count();
        }
        if (info_.index) {
            event["index"] = *info_.index;
        }
        event["ts"] = format_rfc3339(clock_.wall_now());
        write_json_event(log_, event);
    }

  private:
    LogChannel log_;
    const Clock& clock_;
    RunInfo info_;
    std::uint64_t bytes_received_ = 0;
};

class TextLog final : public EventLog {
  public:
    TextLog(LineSink& sink, const RunInfo& info)
        : sink_(sink),
          polling_(info.polling),
          goal_(info.until_down ? "down" : "ready"),
          prefix_(info.index ? "rfetch: " + redact_url(info.url) + ": " : "rfetch: ") {}

    void on_attempt(const AttemptRecord& record) override {
        // The result line says it once, and says nothing when the reader simply went away.
        if (record.failure && record.failure->kind == FailureKind::write) {
            return;
        }
        std::ostringstream line;
        line << prefix_ << "attempt " << record.attempt << ": ";
        if (record.failure) {
            line << describe(record.failure->kind) << " (curl " << record.failure->code << ")";
        } else {
            // Without a status, a tcp:// target accepted the connection: the whole answer.
            const std::string seen = !record.status ? "connection accepted"
                                     : *record.status > 0
                                         ? "status " + std::to_string(*record.status)
                                         : "a reply with no status line";
            line << seen;
            if (polling_ && record.decision.action == Action::retry &&
                record.decision.outcome != Outcome::success && record.decision.reason != seen) {
                line << ", " << record.decision.reason;
            }
        }
        // A refused connection reads as a failure: say that it is what the poll waited for.
        const bool met = polling_ && record.decision.outcome == Outcome::success;
        if (met) {
            line << "; " << goal_;
        }
        if (met && record.decision.action == Action::retry) {
            line << "; polled again in " << format_duration(record.decision.delay)
                 << " while other targets wait";
        } else if (record.decision.action == Action::retry) {
            line << "; retrying in " << format_duration(record.decision.delay) << " ("
                 << to_string(record.decision.delay_source) << ")";
        } else if (record.decision.action == Action::give_up) {
            line << "; giving up: " << record.decision.reason;
        }
        sink_.write_line(line.str());
    }

    void on_hedge(const HedgeRecord& record) override {
        sink_.write_line(prefix_ + "attempt " + std::to_string(record.attempt) +
                         ": no answer after " + format_duration(record.after) + "; hedge " +
                         std::to_string(record.hedge) + " sent");
    }

    void on_wait(const WaitRecord& record) override {
        std::ostringstream line;
        line << prefix_ << "attempt " << record.attempt << " waited "
             << format_duration(record.waited) << " " << describe(record.why);
        sink_.write_line(line.str());
    }

    void on_result(const RunResult& result, int exit_code) override {
        if (result.outcome == Outcome::success || result.reader_gone) {
            return;
        }
        std::ostringstream line;
        if (result.attempts == 0) {
            line << prefix_ << to_string(result.outcome) << ": " << redact_text(result.reason)
                 << ", exit " << exit_code;
            sink_.write_line(line.str());
            return;
        }
        line << prefix_ << to_string(result.outcome) << " after " << result.attempts
             << (result.attempts == 1 ? " attempt" : " attempts") << " ("
             << format_duration(result.elapsed) << "), exit " << exit_code;
        if (result.outcome == Outcome::write_error || result.outcome == Outcome::incomplete) {
            // These can arise after the last attempt's line, which cannot have said why.
            line << ": " << redact_text(result.reason);
        }
        if (result.output == OutputState::incomplete) {
            line << "; output incomplete after " << result.bytes_written << " bytes";
        }
        sink_.write_line(line.str());
    }

  private:
    LineSink& sink_;
    bool polling_;
    std::string_view goal_;
    std::string prefix_;
};

// curl's -sS: nothing while the run goes well, one line that names the URL when it fails. A
// run that exits 0 did not fail, whatever its status (--no-fail).
class ErrorsLog final : public EventLog {
  public:
    ErrorsLog(LineSink& sink, const RunInfo& info)
        : sink_(sink), prefix_("rfetch: " + redact_url(info.url) + ": ") {}

    void on_attempt(const AttemptRecord&) override {}

    void on_result(const RunResult& result, int exit_code) override {
        if (exit_code == 0 || result.outcome == Outcome::success || result.reader_gone) {
            return;
        }
        std::ostringstream line;
        line << prefix_ << to_string(result.outcome) << ": " << redact_text(result.reason)
             << ", exit " << exit_code;
        sink_.write_line(line.str());
    }

  private:
    LineSink& sink_;
    std::string prefix_;
};

class NoLog final : public EventLog {
  public:
    void on_attempt(const AttemptRecord&) override {}
    void on_result(const RunResult&, int) override {}
};

}  // namespace

std::unique_ptr<EventLog> make_event_log(const LogChannel& log, const Clock& clock, RunInfo info) {
    switch (log.format) {
        case LogFormat::json:
            return std::make_unique<JsonLog>(log, clock, std::move(info));
        case LogFormat::text:
            return std::make_unique<TextLog>(log.sink, info);
        case LogFormat::errors:
            return std::make_unique<ErrorsLog>(log.sink, info);
        case LogFormat::none:
            return std::make_unique<NoLog>();
    }
    return std::make_unique<NoLog>();
}

void log_summary(const LogChannel& log, const Summary& summary) {
    if (log.format == LogFormat::json) {
        Json event{{"event", "summary"},
                   {"urls", summary.urls},
                   {"succeeded", summary.succeeded},
                   {"failed", summary.failed},
                   {"exit_code", summary.exit_code},
                   {"elapsed_ms", summary.elapsed.count()}};
        if (summary.not_ready) {
            Json targets = Json::array();
            for (const NotReady& target : *summary.not_ready) {
                targets.push_back({{"index", target.index},
                                   {"url", redact_url(target.url)},
                                   {"reason", redact_text(target.reason)}});
            }
            event["not_ready"] = std::move(targets);
        }
        write_json_event(log, event);
    } else if ((log.format == LogFormat::text || log.format == LogFormat::errors) &&
               summary.failed > 0) {
        std::ostringstream line;
        if (summary.not_ready) {
            line << "rfetch: " << summary.failed << " of " << summary.urls << " targets not "
                 << (summary.until_down ? "down" : "ready") << " ("
                 << format_duration(summary.elapsed) << "), exit " << summary.exit_code;
            for (const NotReady& target : *summary.not_ready) {
                line << (&target == &summary.not_ready->front() ? ": " : "; ")
                     << redact_url(target.url) << ": " << redact_text(target.reason);
            }
        } else {
            line << "rfetch: " << summary.failed << " of " << summary.urls << " URLs failed ("
                 << format_duration(summary.elapsed) << "), exit " << summary.exit_code;
        }
        log.sink.write_line(line.str());
    }
}

std::string format_rfc3339(WallTime time) {
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
    const auto seconds = static_cast<std::time_t>(millis / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    char fraction[8];
    std::snprintf(fraction, sizeof fraction, ".%03dZ", static_cast<int>(millis % 1000));
    return std::string(text, length) + fraction;
}

}  // namespace rfetch
