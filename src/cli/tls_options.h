#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cli/raw_tls_options.h"
#include "core/base/tls_settings.h"

namespace rfetch {

/// The argument of curl's --cert: a certificate name and, after its first unescaped ':', the
/// key's password.
struct CertParameter {
    std::string name;
    std::optional<std::string> password;
};

/// Splits CERT[:PASSWORD] as curl 7.88 does (parse_cert_parameter in tool_getparam.c): '\:'
/// is a ':' of the name and '\\' a backslash; a backslash before anything else stays; a
/// pkcs11: URI is a name whole; an empty password is none.
CertParameter split_cert_parameter(std::string_view argument);

/// curl's --tls-max VERSION: default, 1.0, 1.1, 1.2 or 1.3. Throws UsageError for another.
TlsSettings::MaxVersion parse_tls_max(std::string_view text);

/// Checks curl's TLS flags and gives them their libcurl meaning. Throws UsageError naming the
/// flag for a value that cannot work (the password never appears in it).
TlsSettings build_tls_settings(const RawTlsOptions& raw);

}  // namespace rfetch
