#include "core/log/log_channel.h"

namespace rfetch {
namespace {

using Json = nlohmann::ordered_json;

void write_message(const LogChannel& log, std::string_view event, std::string_view message,
                   const Json& extra) {
    if (log.format != LogFormat::json) {
        log.sink.write_line("rfetch: " + std::string(message));
        return;
    }
    Json line{{"event", event}, {"message", message}};
    line.update(extra);
    write_json_event(log, line);
}

}  // namespace

void write_json_event(const LogChannel& log, const Json& event) {
    Json line{{"event", event.at("event")},
              {"schema_version", kLogSchemaVersion},
              {"run_id", log.run_id}};
    for (const auto& [name, value] : event.items()) {
        line[name] = value;
    }
    // Replace, not throw, on invalid UTF-8: a server's garbage must not end the run.
    log.sink.write_line(line.dump(-1, ' ', false, Json::error_handler_t::replace));
}

void log_warning(const LogChannel& log, std::string_view message) {
    write_message(log, "warning", message, Json::object());
}

void log_error(const LogChannel& log, std::string_view message, int exit_code) {
    write_message(log, "error", message, Json{{"exit_code", exit_code}});
}

}  // namespace rfetch
