#pragma once

#include <string>
#include <vector>

namespace rfetch {

/// The URLs a curl URL pattern stands for, in curl's order: each {a,b,c} set and each [1-10],
/// [01-10], [a-z] or [1-10:2] range, left to right, the last one changing fastest. A '\' before
/// '{' or '[' keeps it; brackets that hold no range (an IPv6 address) stay as they are. Throws
/// UsageError naming the URL when a '{' has no end or the pattern makes more than 100000 URLs.
std::vector<std::string> expand_url_glob(const std::string& url);

}  // namespace rfetch
