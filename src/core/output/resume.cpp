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

}  // namespace

Resumability resumability(const Response& head) {
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
        return ResumeValidator{std::string(trim_whitespace(*modified))};
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
