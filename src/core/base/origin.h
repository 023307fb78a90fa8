#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rfetch {

/// The origin of an http, https or ftp URL as given, scheme://host:port (RFC 6454 §4): scheme
/// and host in lower case, user info dropped, the default port filled in. Redirects do not
/// change it. nullopt when the URL has no such origin.
std::optional<std::string> origin_of(std::string_view url);

/// Whether `url` is ftp://, which rfetch fetches only through an HTTP proxy (as curl does with
/// one): the proxy answers in HTTP.
bool is_ftp_url(std::string_view url);

}  // namespace rfetch
