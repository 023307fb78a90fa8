#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rfetch {

/// One URL a curl URL pattern stands for, with the text each of its globs chose for it.
struct GlobbedUrl {
    std::string url;
    /// The choice of the pattern's first glob, its second's, and so on; empty without a glob.
    std::vector<std::string> choices;

    bool operator==(const GlobbedUrl&) const = default;
};

/// The URLs a curl URL pattern stands for, in curl's order: each {a,b,c} set and each [1-10],
/// [01-10], [a-z] or [1-10:2] range, left to right, the last one changing fastest. A '\' before
/// '{' or '[' keeps it; brackets that hold no range (an IPv6 address) stay as they are. Throws
/// UsageError naming `flag` (the URL, or -T for its file names, which glob the same way) when a
/// '{' has no end or the pattern makes more than 100000 URLs.
std::vector<GlobbedUrl> expand_url_glob(const std::string& url, std::string_view flag = "URL");

/// curl's "#N" in an -o name: `name` with each '#' and number N from 1 to the number of
/// `choices` replaced by the Nth glob's choice. A number with no such glob stays as written,
/// '#' and all, as in curl (whose test 87 relies on it).
std::string fill_glob_choices(std::string_view name, const std::vector<std::string>& choices);

}  // namespace rfetch
