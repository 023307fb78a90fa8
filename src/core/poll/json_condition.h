#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/base/parse_result.h"
#include "core/base/setting.h"

namespace rfetch {

enum class Comparison { equal, not_equal, less, less_equal, greater, greater_equal };

/// One `--until-json` test, POINTER OP VALUE: `/status == "ready"`, `/replicas >= 3`.
struct JsonCondition {
    std::string pointer_text;  // as written, for the reasons
    nlohmann::json::json_pointer pointer;
    Comparison comparison = Comparison::equal;
    nlohmann::json value;
};

/// Whether a condition holds and, when it does not, what was found instead.
struct Match {
    bool holds = false;
    std::string reason;
    /// The setting that kept the response from being checked at all.
    Setting setting = Setting::none;
};

/// Reads POINTER OP VALUE, separated by spaces: an RFC 6901 pointer (empty for the whole
/// document), one of == != < <= > >=, and a JSON value. The orderings need a number or a string.
ParseResult<JsonCondition> parse_json_condition(std::string_view text);

/// Tests a parsed document. A member that is missing never holds, and neither does an ordering
/// between a number and a string: a service that is not ready yet often has neither.
Match check(const JsonCondition& condition, const nlohmann::json& document);

}  // namespace rfetch
