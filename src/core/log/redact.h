#pragma once

#include <string>
#include <string_view>

namespace rfetch {

inline constexpr std::string_view kRedacted = "REDACTED";

/// Hides the userinfo's password, or the whole userinfo when it has none (a token), and the
/// values of query and fragment parameters whose names look secret (token, key, secret,
/// password, signature, ...), keeping the rest readable.
std::string redact_url(std::string_view url);

/// Authorization, Proxy-Authorization, Cookie, Set-Cookie, names that end in -Key or -Token or
/// contain Secret, and those added with add_secret_header, compared without regard to case.
bool is_secret_header(std::string_view name);

/// Adds a header name to hide everywhere (--redact-header). Called before any run starts: the
/// list is read from every thread after that, never written.
void add_secret_header(std::string_view name);

/// Any text with every http:// or https:// URL in it redacted, and the target of a request
/// line ("GET /path?token=x HTTP/1.1") too. For what libcurl prints under -v.
std::string redact_text(std::string_view text);

/// "Name: value" with the value hidden when the header is secret, and URLs in it redacted.
std::string redact_header_line(std::string_view line);

}  // namespace rfetch
