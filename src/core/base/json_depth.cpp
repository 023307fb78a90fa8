#include "core/base/json_depth.h"

namespace rfetch {

bool nests_deeper_than(std::string_view text, std::size_t limit) {
    std::size_t depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (const char c : text) {
        if (in_string) {
            // Inside a string only its end matters, and \" is not its end.
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        switch (c) {
            case '"':
                in_string = true;
                break;
            case '[':
            case '{':
                if (++depth > limit) {
                    return true;
                }
                break;
            case ']':
            case '}':
                // A stray closer is the parser's to refuse; it never makes the text shallower
                // than its start.
                depth = depth > 0 ? depth - 1 : 0;
                break;
            default:
                break;
        }
    }
    return false;
}

}  // namespace rfetch
