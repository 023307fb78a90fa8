#include "core/log/trace_context.h"

#include <algorithm>
#include <cmath>

namespace rfetch {
namespace {

bool is_lower_hex(std::string_view text, std::size_t length) {
    return text.size() == length && std::ranges::all_of(text, [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

bool all_zero(std::string_view id) {
    return std::ranges::all_of(id, [](char c) { return c == '0'; });
}

}  // namespace

std::optional<TraceParent> parse_traceparent(std::string_view value) {
    // 00-<trace-id>-<parent-id>-<flags>: 2 + 1 + 32 + 1 + 16 + 1 + 2 characters.
    if (value.size() != 55 || value.substr(0, 3) != "00-" || value[35] != '-' || value[52] != '-') {
        return std::nullopt;
    }
    TraceParent parent{std::string(value.substr(3, 32)), std::string(value.substr(36, 16)),
                       std::string(value.substr(53, 2))};
    if (!is_lower_hex(parent.trace_id, 32) || !is_lower_hex(parent.parent_id, 16) ||
        !is_lower_hex(parent.flags, 2) || all_zero(parent.trace_id) || all_zero(parent.parent_id)) {
        return std::nullopt;
    }
    return parent;
}

std::string format_traceparent(const TraceParent& parent) {
    return "00-" + parent.trace_id + "-" + parent.parent_id + "-" + parent.flags;
}

TraceHeaders::TraceHeaders(std::optional<TraceParent> continued, Random& ids) : ids_(ids) {
    if (continued) {
        trace_id_ = continued->trace_id;
        flags_ = continued->flags;
    } else {
        trace_id_ = random_id(16);
        flags_ = "01";
    }
}

std::vector<Header> TraceHeaders::for_attempt(int /*attempt*/) {
    return {{"traceparent", format_traceparent({trace_id_, random_id(8), flags_})}};
}

std::string TraceHeaders::random_id(std::size_t bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id;
    for (std::size_t i = 0; i < bytes; ++i) {
        const auto byte = static_cast<unsigned>(std::floor(ids_.uniform01() * 256));
        id.push_back(kHex[byte >> 4]);
        id.push_back(kHex[byte & 0x0f]);
    }
    // An all-zero id is invalid (Trace Context §3.2.2.3, §3.2.2.4).
    if (all_zero(id)) {
        id.back() = '1';
    }
    return id;
}

}  // namespace rfetch
