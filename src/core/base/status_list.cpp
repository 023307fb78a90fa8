#include "core/base/status_list.h"

#include <charconv>
#include <string>

#include "core/base/ascii.h"

namespace rfetch {

std::optional<int> parse_status_code(std::string_view item, int low, int high) {
    int status = 0;
    const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), status);
    if (item.size() != 3 || error != std::errc{} || end != item.data() + item.size() ||
        status < low || status > high) {
        return std::nullopt;
    }
    return status;
}

std::optional<int> parse_status_class(std::string_view item, int low, int high) {
    if (item.size() != 3 || item[0] < '0' + low || item[0] > '0' + high ||
        (item.substr(1) != "xx" && item.substr(1) != "XX")) {
        return std::nullopt;
    }
    return item[0] - '0';
}

namespace {

void erase_class(std::set<int>& statuses, int hundreds) {
    std::erase_if(statuses, [hundreds](int status) { return status / 100 == hundreds; });
}

}  // namespace

void StatusList::add_status(int status) {
    statuses_.insert(status);
    excluded_.erase(status);
}

void StatusList::add_status_class(int hundreds) {
    classes_.insert(hundreds);
    erase_class(excluded_, hundreds);
}

void StatusList::remove_status(int status) {
    statuses_.erase(status);
    excluded_.insert(status);
}

void StatusList::remove_status_class(int hundreds) {
    classes_.erase(hundreds);
    erase_class(statuses_, hundreds);
    erase_class(excluded_, hundreds);
}

bool StatusList::contains(int status) const {
    return !excluded_.contains(status) &&
           (statuses_.contains(status) || classes_.contains(status / 100));
}

ParseResult<StatusList> parse_status_list(std::string_view list) {
    StatusList statuses;
    for (const std::string_view item : split_list(list)) {
        if (const auto status = parse_status_code(item, 100, 599)) {
            statuses.add_status(*status);
        } else if (const auto hundreds = parse_status_class(item, 1, 5)) {
            statuses.add_status_class(*hundreds);
        } else {
            return {std::nullopt, "has '" + std::string(item) +
                                      "', which is neither a status from 100 to 599 (200) nor a "
                                      "class from 1xx to 5xx (2xx)"};
        }
    }
    return {statuses, {}};
}

}  // namespace rfetch
