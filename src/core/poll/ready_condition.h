#pragma once

#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/parse_result.h"
#include "core/base/status_list.h"
#include "core/base/transport.h"
#include "core/poll/json_condition.h"

namespace rfetch {

/// An `--until-body` pattern: ECMAScript syntax, searched for anywhere in the body, with ^ and $
/// matching at the ends of each line.
struct BodyPattern {
    std::string text;
    /// Matches a whole body that contains a match of `text`.
    std::regex regex;
};

ParseResult<BodyPattern> parse_body_pattern(std::string_view text);

/// What a response must show for the service behind it to count as ready. Every part that is
/// set must hold.
struct ReadyCondition {
    /// Without a list, any status below 400: what rfetch counts as a success anyway.
    std::optional<StatusList> statuses;
    std::optional<BodyPattern> body;
    std::vector<JsonCondition> json;
};

/// Tests one response. When the condition holds the reason names the status; when it does not,
/// it says the first thing that did not match: "status 503", "/status was \"pending\"",
/// "body is not JSON".
Match evaluate(const ReadyCondition& condition, const Response& response);

}  // namespace rfetch
