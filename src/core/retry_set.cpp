#include "core/retry_set.h"

#include <algorithm>
#include <charconv>

namespace rfetch {
namespace {

std::optional<int> parse_status(std::string_view item) {
    int status = 0;
    const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), status);
    if (item.size() != 3 || error != std::errc{} || end != item.data() + item.size() ||
        status < 400 || status > 599) {
        return std::nullopt;
    }
    return status;
}

std::optional<int> parse_status_class(std::string_view item) {
    if (item.size() != 3 || item[0] < '4' || item[0] > '5' ||
        (item.substr(1) != "xx" && item.substr(1) != "XX")) {
        return std::nullopt;
    }
    return item[0] - '0';
}

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

bool RetrySet::contains(int status) const {
    return statuses_.contains(status) || classes_.contains(status / 100);
}

RetrySetParse parse_retry_set(std::string_view list) {
    RetrySet set;
    while (true) {
        const auto comma = list.find(',');
        const std::string_view item = list.substr(0, comma);
        if (const auto status = parse_status(item)) {
            set.add_status(*status);
        } else if (const auto hundreds = parse_status_class(item)) {
            set.add_status_class(*hundreds);
        } else if (const auto kind = parse_retryable_kind(item)) {
            set.add_kind(*kind);
        } else {
            return {std::nullopt, std::string(item)};
        }
        if (comma == std::string_view::npos) {
            return {set, {}};
        }
        list.remove_prefix(comma + 1);
    }
}

}  // namespace rfetch
