#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>

namespace rfetch {

/// How the attempt log is written: JSON Lines, a line per attempt for people, only the line
/// that says why a run failed (curl's -sS), or nothing.
enum class LogFormat { json, text, errors, none };

/// The version of the JSON log's schema, in every event as "schema_version". It changes only
/// when a field is removed or changes meaning; new fields and events keep it.
inline constexpr int kLogSchemaVersion = 1;

/// Where log lines go. Each call writes one whole line, and its newline, at once: lines from
/// many processes appending to one file then never merge.
class LineSink {
  public:
    virtual ~LineSink() = default;
    /// `line` has no newline; the sink adds it.
    virtual void write_line(std::string_view line) = 0;
};

/// Lines into a stream, for tests: one process cannot interleave with itself.
class StreamLineSink final : public LineSink {
  public:
    explicit StreamLineSink(std::ostream& out) : out_(out) {}
    void write_line(std::string_view line) override { out_ << line << '\n' << std::flush; }

  private:
    std::ostream& out_;
};

/// The invocation's log on stderr: its format, the id every line carries, and its sink.
struct LogChannel {
    LogFormat format = LogFormat::text;
    std::string run_id;
    LineSink& sink;
};

/// Writes `event`, whose first field is "event", as one JSON line with the schema version and
/// the run id after that first field.
void write_json_event(const LogChannel& log, const nlohmann::ordered_json& event);

/// A warning that lets the run go on. A JSON "warning" event when the log is JSON, else one
/// "rfetch: " line (even with --log none: a warning is not an attempt).
void log_warning(const LogChannel& log, std::string_view message);

/// An error that ends the invocation with `exit_code`, such as a usage error (2) or an
/// internal error (70): a JSON "error" event when the log is JSON, else one "rfetch: " line.
void log_error(const LogChannel& log, std::string_view message, int exit_code);

}  // namespace rfetch
