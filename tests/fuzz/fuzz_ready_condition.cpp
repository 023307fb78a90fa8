// The polling condition: --until-json's POINTER OP VALUE and --until-status's list, read from
// the input's first line, then tested against the rest of the input as a response body, which
// is what a hostile server controls. A condition and its opposite never both hold, an accepted
// pointer reads back as written, and a refusal always says why.

#include <string>

#include "core/poll/ready_condition.h"
#include "fuzz_check.h"

namespace {

rfetch::Comparison opposite(rfetch::Comparison comparison) {
    using rfetch::Comparison;
    switch (comparison) {
        case Comparison::equal:
            return Comparison::not_equal;
        case Comparison::not_equal:
            return Comparison::equal;
        case Comparison::less:
            return Comparison::greater_equal;
        case Comparison::less_equal:
            return Comparison::greater;
        case Comparison::greater:
            return Comparison::less_equal;
        case Comparison::greater_equal:
            return Comparison::less;
    }
    return comparison;
}

bool holds(const rfetch::JsonCondition& condition, const rfetch::Response& response,
           std::string_view input) {
    rfetch::ReadyCondition ready;
    ready.json.push_back(condition);
    const rfetch::Match match = rfetch::evaluate(ready, response);
    FUZZ_CHECK(match.holds || !match.reason.empty(), input);
    return match.holds;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = rfetch_fuzz::as_text(data, size);
    const auto newline = input.find('\n');
    const std::string_view text = input.substr(0, newline);
    const std::string body(newline == std::string_view::npos ? std::string_view{}
                                                             : input.substr(newline + 1));

    const auto statuses = rfetch::parse_status_list(text);
    FUZZ_CHECK(statuses.value.has_value() == statuses.error.empty(), input);

    auto parsed = rfetch::parse_json_condition(text);
    if (!parsed.value) {
        FUZZ_CHECK(!parsed.error.empty(), input);
        return 0;
    }
    FUZZ_CHECK(parsed.error.empty(), input);
    rfetch::JsonCondition condition = std::move(*parsed.value);
    FUZZ_CHECK(condition.pointer.to_string() == condition.pointer_text, input);

    const rfetch::Response response{200, "1.1", {}, body};
    const bool held = holds(condition, response, input);
    condition.comparison = opposite(condition.comparison);
    FUZZ_CHECK(!(held && holds(condition, response, input)), input);
    return 0;
}
