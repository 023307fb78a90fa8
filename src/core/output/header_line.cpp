#include "core/output/header_line.h"

#include <string>

#include "core/base/ascii.h"

namespace rfetch {

HeadLine parse_head_line(std::string_view line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
        line.remove_suffix(1);
    }
    if (line.empty()) {
        return {HeadLine::Kind::end, {}};
    }
    if (line.starts_with("HTTP/")) {
        return {HeadLine::Kind::status, {}};
    }
    const auto colon = line.find(':');
    // A field name is a token: no whitespace before the colon (RFC 9112 §5.1).
    if (colon == std::string_view::npos || colon == 0 ||
        line.substr(0, colon).find_first_of(" \t") != std::string_view::npos) {
        return {HeadLine::Kind::other, {}};
    }
    return {
        HeadLine::Kind::field,
        {std::string(line.substr(0, colon)), std::string(trim_whitespace(line.substr(colon + 1)))}};
}

}  // namespace rfetch
