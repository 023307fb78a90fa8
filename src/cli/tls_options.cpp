#include "cli/tls_options.h"

#include <array>
#include <filesystem>
#include <utility>

#include "cli/usage_error.h"
#include "core/base/ascii.h"

namespace rfetch {
namespace {

constexpr std::array<std::pair<std::string_view, TlsSettings::MaxVersion>, 5> kMaxVersions{{
    {"default", TlsSettings::MaxVersion::any},
    {"1.0", TlsSettings::MaxVersion::v1_0},
    {"1.1", TlsSettings::MaxVersion::v1_1},
    {"1.2", TlsSettings::MaxVersion::v1_2},
    {"1.3", TlsSettings::MaxVersion::v1_3},
}};

constexpr std::array<std::pair<std::string_view, TlsSettings::Version>, 5> kMinVersions{{
    {"1", TlsSettings::Version::v1},
    {"1.0", TlsSettings::Version::v1_0},
    {"1.1", TlsSettings::Version::v1_1},
    {"1.2", TlsSettings::Version::v1_2},
    {"1.3", TlsSettings::Version::v1_3},
}};

TlsSettings::Version min_version_from(const std::optional<std::string>& choice) {
    for (const auto& [name, version] : kMinVersions) {
        if (choice == name) {
            return version;
        }
    }
    return TlsSettings::Version::any;
}

// The newest version a --tlsv1.N floor allows, in the order of the enums; --tlsv1 is 1.0.
int floor_rank(TlsSettings::Version version) {
    return version == TlsSettings::Version::v1 ? 1 : static_cast<int>(version) - 1;
}

int ceiling_rank(TlsSettings::MaxVersion version) {
    return static_cast<int>(version);
}

void check_name(std::string_view flag, const std::optional<std::string>& name) {
    if (name && name->empty()) {
        reject(flag, *name, "is not a file or name");
    }
}

void check_file(std::string_view flag, const std::optional<std::string>& path) {
    if (path && !std::filesystem::is_regular_file(*path)) {
        reject(flag, *path, "is not a file rfetch can read");
    }
}

void check_directory(std::string_view flag, const std::optional<std::string>& path) {
    if (path && !std::filesystem::is_directory(*path)) {
        reject(flag, *path, "is not a directory");
    }
}

}  // namespace

CertParameter split_cert_parameter(std::string_view argument) {
    CertParameter split;
    // An RFC 7512 PKCS#11 URI is used as it is, colons and all.
    constexpr std::string_view kPkcs11 = "pkcs11:";
    if (equals_ignoring_case(argument.substr(0, kPkcs11.size()), kPkcs11)) {
        split.name = argument;
        return split;
    }
    for (std::size_t i = 0; i < argument.size(); ++i) {
        const char c = argument[i];
        if (c == ':') {
            if (i + 1 < argument.size()) {
                split.password = std::string(argument.substr(i + 1));
            }
            return split;
        }
        if (c == '\\' && i + 1 < argument.size()) {
            const char next = argument[++i];
            if (next != '\\' && next != ':') {
                split.name.push_back('\\');
            }
            split.name.push_back(next);
            continue;
        }
        split.name.push_back(c);
    }
    return split;
}

TlsSettings::MaxVersion parse_tls_max(std::string_view text) {
    for (const auto& [name, version] : kMaxVersions) {
        if (text == name) {
            return version;
        }
    }
    reject("--tls-max", text, "is not a TLS version: use 1.0, 1.1, 1.2, 1.3 or default");
}

TlsSettings build_tls_settings(const RawTlsOptions& raw) {
    TlsSettings tls;
    tls.min_version = min_version_from(raw.min_version);
    if (raw.max_version) {
        tls.max_version = parse_tls_max(*raw.max_version);
    }
    // curl leaves this to the handshake, which fails with 35 on every attempt.
    if (tls.max_version != TlsSettings::MaxVersion::any &&
        tls.min_version != TlsSettings::Version::any &&
        ceiling_rank(tls.max_version) < floor_rank(tls.min_version)) {
        reject("--tls-max", *raw.max_version,
               "is below --tlsv" + *raw.min_version + ": no TLS version is left to speak");
    }
    check_name("--cert", raw.cert);
    check_name("--key", raw.key);
    check_name("--proxy-cert", raw.proxy_cert);
    check_name("--proxy-key", raw.proxy_key);
    check_name("--pinnedpubkey", raw.pinnedpubkey);
    check_name("--ciphers", raw.ciphers);
    check_name("--tls13-ciphers", raw.tls13_ciphers);
    check_directory("--capath", raw.capath);
    check_directory("--proxy-capath", raw.proxy_capath);
    check_file("--crlfile", raw.crlfile);
    check_file("--proxy-cacert", raw.proxy_cacert);
    tls.client = {raw.cert, raw.cert_type, raw.key, raw.key_type, raw.key_password};
    tls.ca_path = raw.capath;
    tls.crl_file = raw.crlfile;
    tls.pinned_public_key = raw.pinnedpubkey;
    tls.ciphers = raw.ciphers;
    tls.tls13_ciphers = raw.tls13_ciphers;
    tls.verify_status = raw.cert_status;
    tls.session_id_cache = raw.sessionid;
    tls.proxy_client = {raw.proxy_cert, std::nullopt, raw.proxy_key, std::nullopt,
                        raw.proxy_key_password};
    tls.proxy_ca_file = raw.proxy_cacert;
    tls.proxy_ca_path = raw.proxy_capath;
    tls.proxy_insecure = raw.proxy_insecure;
    return tls;
}

}  // namespace rfetch
