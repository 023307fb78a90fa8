#include "core/poll/ready_condition.h"

#include <string>

#include "core/base/json_depth.h"

namespace rfetch {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kShownPatternChars = 60;

bool status_is_ready(const ReadyCondition& condition, int status) {
    return condition.statuses ? condition.statuses->contains(status) : status < 400;
}

std::string quoted_pattern(const std::string& pattern) {
    const bool cut = pattern.size() > kShownPatternChars;
    const Json shown = cut ? pattern.substr(0, kShownPatternChars) : pattern;
    return shown.dump(-1, ' ', false, Json::error_handler_t::replace) + (cut ? "…" : "");
}

}  // namespace

ParseResult<BodyPattern> parse_body_pattern(std::string_view text) {
    // The body is the server's to choose. libstdc++'s default matcher recurses once per
    // character a repetition consumes, so ".*ready" on a long body overflows the stack, and
    // regex_search tries every start position, which is quadratic. The polynomial (Thompson)
    // matcher keeps no such stack, and one match of the whole body against
    // [\s\S]*(?:REGEX)[\s\S]* tries every start position in the same pass. It cannot do
    // back-references, which are refused.
    constexpr auto kFlags =
        std::regex::ECMAScript | std::regex::multiline | std::regex_constants::__polynomial;
    const std::string pattern(text);
    try {
        // Alone first: "a)(b" must not compile just because the wrapping balances it.
        const std::regex alone(pattern, kFlags);
        return {BodyPattern{pattern, std::regex("[\\s\\S]*(?:" + pattern + ")[\\s\\S]*", kFlags)},
                {}};
    } catch (const std::regex_error& error) {
        if (error.code() == std::regex_constants::error_complexity) {
            return {std::nullopt,
                    "uses a back-reference, which rfetch does not support: it keeps the search "
                    "linear in the size of the body"};
        }
        return {std::nullopt,
                std::string("is not an ECMAScript regular expression: ") + error.what()};
    }
}

Match evaluate(const ReadyCondition& condition, const Response& response) {
    const std::string status = "status " + std::to_string(response.status);
    if (!status_is_ready(condition, response.status)) {
        return {false, status};
    }
    if ((condition.body || !condition.json.empty()) && response.body.size() != response.body_size) {
        return {false, "body larger than the buffer, not kept to check", Setting::buffer};
    }
    if (condition.body && !std::regex_match(response.body, condition.body->regex)) {
        return {false, "body did not match " + quoted_pattern(condition.body->text)};
    }
    if (!condition.json.empty()) {
        // Bounded as --result's is: a hostile document must not reach the recursive code.
        if (nests_deeper_than(response.body, kMaxJsonDepth)) {
            return {false, "body nests deeper than " + std::to_string(kMaxJsonDepth) + " levels"};
        }
        const Json document = Json::parse(response.body, nullptr, false);
        if (document.is_discarded()) {
            return {false, "body is not JSON"};
        }
        for (const JsonCondition& json : condition.json) {
            if (Match match = check(json, document); !match.holds) {
                return match;
            }
        }
    }
    return {true, status};
}

}  // namespace rfetch
