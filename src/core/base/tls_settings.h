#pragma once

#include <optional>
#include <string>

namespace rfetch {

/// A client certificate and its key, for the server or for an HTTPS proxy (curl's --cert,
/// --key and their proxy twins). Names pass to libcurl as typed: a file, or what the type
/// says (an engine's key id, a PKCS#11 URI).
struct ClientCertificate {
    std::optional<std::string> cert;
    std::optional<std::string> cert_type;
    std::optional<std::string> key;
    std::optional<std::string> key_type;
    /// The key's pass phrase: never logged, never shown.
    std::optional<std::string> key_password;
};

/// curl's TLS flags, one libcurl option each, set again for every attempt.
struct TlsSettings {
    /// The oldest version to speak (curl's --tlsv1 and --tlsv1.N); `any` leaves libcurl's.
    enum class Version { any, v1, v1_0, v1_1, v1_2, v1_3 };
    Version min_version = Version::any;
    /// The newest (curl's --tls-max); `any` leaves libcurl's, as --tls-max default does.
    enum class MaxVersion { any, v1_0, v1_1, v1_2, v1_3 };
    MaxVersion max_version = MaxVersion::any;
    ClientCertificate client;
    std::optional<std::string> ca_path;
    std::optional<std::string> crl_file;
    /// A public key file, or sha256//BASE64 hashes joined by ';'.
    std::optional<std::string> pinned_public_key;
    std::optional<std::string> ciphers;
    std::optional<std::string> tls13_ciphers;
    /// Ask for the server's OCSP staple and fail without a good one.
    bool verify_status = false;
    bool session_id_cache = true;

    /// The same for an HTTPS proxy.
    ClientCertificate proxy_client;
    std::optional<std::string> proxy_ca_file;
    std::optional<std::string> proxy_ca_path;
    bool proxy_insecure = false;
};

}  // namespace rfetch
