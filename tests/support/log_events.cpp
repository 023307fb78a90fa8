#include "log_events.h"

#include <sstream>
#include <stdexcept>

namespace rfetch::test {

const nlohmann::json& AttemptLog::result() const {
    if (results.size() != 1) {
        throw std::runtime_error("expected exactly one result event, found " +
                                 std::to_string(results.size()));
    }
    return results.front();
}

std::vector<nlohmann::json> AttemptLog::attempt_field(const std::string& name) const {
    std::vector<nlohmann::json> values;
    for (const nlohmann::json& attempt : attempts) {
        values.push_back(attempt.contains(name) ? attempt.at(name) : nlohmann::json());
    }
    return values;
}

AttemptLog parse_attempt_log(const std::string& stderr_text) {
    AttemptLog log;
    std::istringstream lines(stderr_text);
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.starts_with('{')) {
            log.other_lines.push_back(line);
            continue;
        }
        // A line that looks like JSON but is not is a bug in the log: let the parse throw.
        nlohmann::json event = nlohmann::json::parse(line);
        const std::string kind = event.value("event", "");
        if (kind == "attempt") {
            log.attempts.push_back(event);
        } else if (kind == "result") {
            log.results.push_back(event);
        }
        log.events.push_back(std::move(event));
    }
    return log;
}

}  // namespace rfetch::test
