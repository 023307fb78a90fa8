#pragma once

// The attempt log on stderr, read back as JSON Lines.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace rfetch::test {

struct AttemptLog {
    std::vector<nlohmann::json> attempts;  // every "attempt" event, in order
    std::vector<nlohmann::json> results;   // every "result" event; a good run has exactly one
    std::vector<nlohmann::json> events;    // every JSON line, in order
    std::vector<std::string> other_lines;  // lines that are not JSON objects (e.g. -v output)

    const nlohmann::json& result() const;
    /// The given field of every attempt, in order (null where it is missing).
    std::vector<nlohmann::json> attempt_field(const std::string& name) const;
};

/// Splits stderr into lines and parses each that starts with '{'.
AttemptLog parse_attempt_log(const std::string& stderr_text);

}  // namespace rfetch::test
