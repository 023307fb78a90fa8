#include "core/retry/retry_set.h"

#include <algorithm>
#include <vector>

#include "core/base/ascii.h"

namespace rfetch {
namespace {

std::optional<FailureKind> parse_retryable_kind(std::string_view item) {
    const auto kind = failure_kind_from_string(item);
    if (!kind || std::ranges::find(kRetryableKinds, *kind) == std::end(kRetryableKinds)) {
        return std::nullopt;
    }
    return kind;
}

}  // namespace

RetrySet RetrySet::defaults() {
    RetrySet set;
    // 408 Request Timeout, 429 Too Many Requests and 503 Service Unavailable ask for a retry in
    // their definitions (RFC 9110 §15.5.9, §15.6.4; RFC 6585 §4); 500, 502 and 504 are the
    // usual faces of a proxy or a pod that is restarting.
    for (const int status : {408, 429, 500, 502, 503, 504}) {
        set.add_status(status);
    }
    // TLS failures are not here: a bad certificate does not heal by waiting.
    for (const FailureKind kind : kRetryableKinds) {
        if (kind != FailureKind::tls) {
            set.add_kind(kind);
        }
    }
    return set;
}

RetrySetParse parse_retry_set(std::string_view list) {
    const std::vector<std::string_view> items = split_list(list);
    const auto is_signed = [](std::string_view item) {
        return item.starts_with('+') || item.starts_with('-');
    };
    const bool edits_defaults = is_signed(items.front());
    RetrySet set = edits_defaults ? RetrySet::defaults() : RetrySet{};
    for (const std::string_view item : items) {
        if (is_signed(item) != edits_defaults) {
            return {std::nullopt, std::string(item), true};
        }
        const std::string_view name = edits_defaults ? item.substr(1) : item;
        const bool removing = item.starts_with('-');
        if (const auto status = parse_status_code(name, 400, 599)) {
            removing ? set.remove_status(*status) : set.add_status(*status);
        } else if (const auto hundreds = parse_status_class(name, 4, 5)) {
            removing ? set.remove_status_class(*hundreds) : set.add_status_class(*hundreds);
        } else if (const auto kind = parse_retryable_kind(name)) {
            removing ? set.remove_kind(*kind) : set.add_kind(*kind);
        } else {
            return {std::nullopt, std::string(item)};
        }
    }
    return {set, {}};
}

}  // namespace rfetch
