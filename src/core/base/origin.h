#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rfetch {

/// The origin of an http or https URL as given, scheme://host:port (RFC 6454 §4): scheme and
/// host in lower case, user info dropped, the default port filled in. Redirects do not change
/// it. nullopt when the URL has no such origin.
std::optional<std::string> origin_of(std::string_view url);

}  // namespace rfetch
