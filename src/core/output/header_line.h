#pragma once

#include <optional>
#include <string_view>

#include "core/base/transport.h"

namespace rfetch {

/// One line of a response head as the server sent it.
struct HeadLine {
    enum class Kind { status, field, end, other } kind = Kind::other;
    Header field;  // with Kind::field: the name and the value without surrounding whitespace
};

/// Reads one head line: a status line ("HTTP/1.1 503 ..."), a field ("Name: value"), the
/// empty line that ends the head, or anything else, which is ignored (RFC 9112 §5 tolerates
/// nothing else, but libcurl has already judged the line by then).
HeadLine parse_head_line(std::string_view line);

}  // namespace rfetch
