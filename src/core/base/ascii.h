#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace rfetch {

/// HTTP names (headers, methods' tokens) compare without regard to ASCII case.
inline bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return std::ranges::equal(
        a, b, [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

/// Drops the spaces and tabs HTTP allows around a field value (RFC 9110 §5.5).
inline std::string_view trim_whitespace(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

/// The items of a comma-separated list, empty ones included, as the list's readers judge
/// each item themselves.
inline std::vector<std::string_view> split_list(std::string_view list) {
    std::vector<std::string_view> items;
    for (auto comma = list.find(','); comma != std::string_view::npos; comma = list.find(',')) {
        items.push_back(list.substr(0, comma));
        list.remove_prefix(comma + 1);
    }
    items.push_back(list);
    return items;
}

/// ASCII lower case, for header names shown in one canonical form.
inline std::string to_lower(std::string_view text) {
    std::string lower(text);
    std::ranges::transform(lower, lower.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower;
}

}  // namespace rfetch
