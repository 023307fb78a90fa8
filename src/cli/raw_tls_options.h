#pragma once

#include <optional>
#include <string>

namespace rfetch {

/// curl's TLS flags as typed. --cert and --proxy-cert are split as parsed (see
/// split_cert_parameter), so that a password they carry and --pass replace each other in
/// the order given, as in curl.
struct RawTlsOptions {
    std::optional<std::string> cert;
    std::optional<std::string> cert_type;
    std::optional<std::string> key;
    std::optional<std::string> key_type;
    std::optional<std::string> key_password;
    /// "1" for --tlsv1, "1.0" to "1.3" for --tlsv1.N: the last one given.
    std::optional<std::string> min_version;
    std::optional<std::string> max_version;
    std::optional<std::string> capath;
    std::optional<std::string> crlfile;
    std::optional<std::string> pinnedpubkey;
    std::optional<std::string> ciphers;
    std::optional<std::string> tls13_ciphers;
    bool cert_status = false;
    bool sessionid = true;
    std::optional<std::string> proxy_cacert;
    std::optional<std::string> proxy_capath;
    bool proxy_insecure = false;
    std::optional<std::string> proxy_cert;
    std::optional<std::string> proxy_key;
    std::optional<std::string> proxy_key_password;
};

}  // namespace rfetch
