#include "core/output/resume.h"

#include <algorithm>
#include <charconv>

#include "core/base/ascii.h"

namespace rfetch {
namespace {

constexpr int kPartialContent = 206;

bool lists_token(std::string_view list, std::string_view token) {
    return std::ranges::any_of(split_list(list), [token](std::string_view item) {
        return equals_ignoring_case(trim_whitespace(item), token);
    });
}

// RFC 9110 §8.8.2.2: a Last-Modified date is strong only when the response's Date is at least
// a second after it; a resource changed twice within that second would share the date, and
// If-Range (§13.1.5) must not splice two versions of a body.
bool is_strong_date(std::string_view modified, std::optional<std::string_view> date,
                    HttpDateParser parse_date) {
    if (!date || parse_date == nullptr) {
        return false;
    }
    const auto changed = parse_date(modified);
    const auto sent = parse_date(trim_whitespace(*date));
    return changed && sent && *sent >= *changed + std::chrono::seconds(1);
}

}  // namespace

Resumability resumability(const Response& head, HttpDateParser parse_date) {
    const auto ranges = head.header("Accept-Ranges");
    if (!ranges || !lists_token(*ranges, "bytes")) {
        return std::string("the response did not offer byte ranges (Accept-Ranges: bytes)");
    }
    // With a content coding, ranges count the coded bytes, not the decoded ones rfetch wrote.
    if (const auto coding = head.header("Content-Encoding");
        coding && !equals_ignoring_case(trim_whitespace(*coding), "identity")) {
        return std::string("the response was compressed");
    }
    // A weak ETag must not go in If-Range (RFC 9110 §13.1.5).
    if (const auto etag = head.header("ETag"); etag && !etag->starts_with("W/")) {
        return ResumeValidator{std::string(trim_whitespace(*etag))};
    }
    if (const auto modified = head.header("Last-Modified")) {
        if (is_strong_date(trim_whitespace(*modified), head.header("Date"), parse_date)) {
            return ResumeValidator{std::string(trim_whitespace(*modified))};
        }
        return std::string(
            "the response's Last-Modified is a weak validator: its Date is not a second later");
    }
    return std::string("the response had no strong ETag and no Last-Modified to check it by");
}

std::vector<Header> range_headers(std::uint64_t offset, const ResumeValidator& validator) {
    return {{"Range", "bytes=" + std::to_string(offset) + "-"}, {"If-Range", validator.value}};
}

bool continues_at(const Response& head, std::uint64_t offset) {
    if (head.status != kPartialContent) {
        return false;
    }
    const auto range = head.header("Content-Range");
    if (!range) {
        return false;
    }
    std::string_view text = trim_whitespace(*range);
    constexpr std::string_view kUnit = "bytes ";
    if (!text.starts_with(kUnit)) {
        return false;
    }
    text.remove_prefix(kUnit.size());
    std::uint64_t first = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), first);
    return error == std::errc{} && end != text.data() + text.size() && *end == '-' &&
           first == offset;
}

}  // namespace rfetch
