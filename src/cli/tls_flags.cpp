#include "cli/tls_flags.h"

#include <cstdint>
#include <optional>

#include "cli/tls_options.h"

namespace rfetch {
namespace {

// --cert and --proxy-cert: the name, and a password after it replacing an earlier one (of
// --pass too), as curl's GetFileAndPassword does; without one, an earlier one stays.
void add_cert_flag(CLI::App& app, const std::string& flag, std::optional<std::string>& cert,
                   std::optional<std::string>& password, const std::string& help,
                   const std::string& group) {
    app.add_option_function<std::string>(
           flag,
           [&cert, &password](const std::string& argument) {
               CertParameter split = split_cert_parameter(argument);
               cert = std::move(split.name);
               if (split.password) {
                   password = std::move(split.password);
               }
           },
           help)
        ->type_name("CERT[:PASSWORD]")
        ->group(group)
        ->trigger_on_parse();
}

void add_version_flag(CLI::App& app, const std::string& flag, std::optional<std::string>& choice,
                      const std::string& version, const std::string& help,
                      const std::string& group) {
    app.add_flag_function(
           flag, [&choice, version](std::int64_t) { choice = version; }, help)
        ->group(group)
        ->trigger_on_parse();
}

CLI::Option* add_text(CLI::App& app, const std::string& flag, std::optional<std::string>& value,
                      const std::string& type, const std::string& help, const std::string& group) {
    return app.add_option(flag, value, help)->type_name(type)->group(group);
}

}  // namespace

void add_curl_tls_flags(CLI::App& app, RawTlsOptions& raw, const std::string& group) {
    add_cert_flag(app, "-E,--cert", raw.cert, raw.key_password,
                  "Client certificate FILE (or name), with the key's password after a ':' "
                  "('\\:' for a ':' in the name)",
                  group);
    add_text(app, "--cert-type", raw.cert_type, "TYPE",
             "The client certificate's type: PEM (default), DER, ENG or P12", group);
    add_text(app, "--key", raw.key, "KEY", "The client certificate's private key FILE", group);
    add_text(app, "--key-type", raw.key_type, "TYPE",
             "The private key's type: PEM (default), DER or ENG", group);
    // Set as parsed: it and a password after --cert's name replace each other in order.
    add_text(app, "--pass", raw.key_password, "PHRASE",
             "The private key's pass phrase (never logged or shown)", group)
        ->trigger_on_parse();
    add_text(app, "--capath", raw.capath, "DIR",
             "A directory of hashed CA certificates to verify the server with", group);
    add_text(app, "--crlfile", raw.crlfile, "FILE",
             "Refuse a server certificate this PEM certificate revocation list revokes", group);
    add_text(app, "--pinnedpubkey", raw.pinnedpubkey, "HASHES",
             "Require the server's public key: a key FILE, or sha256//BASE64 hashes joined by ';'",
             group);
    add_text(app, "--ciphers", raw.ciphers, "LIST",
             "The cipher suites for TLS 1.2 and older, in OpenSSL's syntax", group);
    add_text(app, "--tls13-ciphers", raw.tls13_ciphers, "LIST",
             "The cipher suites for TLS 1.3, in OpenSSL's syntax", group);
    add_version_flag(app, "-1,--tlsv1", raw.min_version, "1", "Speak TLS 1.0 or newer", group);
    add_version_flag(app, "--tlsv1.0", raw.min_version, "1.0", "Speak TLS 1.0 or newer", group);
    add_version_flag(app, "--tlsv1.1", raw.min_version, "1.1", "Speak TLS 1.1 or newer", group);
    add_version_flag(app, "--tlsv1.2", raw.min_version, "1.2", "Speak TLS 1.2 or newer", group);
    add_version_flag(app, "--tlsv1.3", raw.min_version, "1.3", "Speak TLS 1.3 or newer", group);
    add_text(app, "--tls-max", raw.max_version, "VERSION",
             "Speak TLS no newer than VERSION: 1.0, 1.1, 1.2, 1.3 or default", group);
    app.add_flag("--cert-status", raw.cert_status,
                 "Require a good OCSP response stapled to the server's certificate")
        ->group(group);
    app.add_flag_function(
           "--no-sessionid", [&raw](std::int64_t) { raw.sessionid = false; },
           "Resume no TLS session: open each one afresh")
        ->group(group)
        ->trigger_on_parse();
    app.add_flag_function(
           "--sessionid", [&raw](std::int64_t) { raw.sessionid = true; },
           "Resume TLS sessions, undoing --no-sessionid (the default)")
        ->group(group)
        ->trigger_on_parse();
    app.add_flag_callback(
           "--false-start", [] {},
           "Accepted and ignored: OpenSSL has no TLS False Start, as curl 7.88 finds")
        ->group(group);
    add_text(app, "--proxy-cacert", raw.proxy_cacert, "FILE",
             "CA certificates to verify the HTTPS proxy with", group);
    add_text(app, "--proxy-capath", raw.proxy_capath, "DIR",
             "A directory of hashed CA certificates to verify the HTTPS proxy with", group);
    app.add_flag("--proxy-insecure", raw.proxy_insecure,
                 "Do not verify the HTTPS proxy's TLS certificate")
        ->group(group);
    add_cert_flag(app, "--proxy-cert", raw.proxy_cert, raw.proxy_key_password,
                  "Client certificate FILE for the HTTPS proxy, with the key's password after "
                  "a ':'",
                  group);
    add_text(app, "--proxy-key", raw.proxy_key, "KEY",
             "The private key FILE of the --proxy-cert certificate", group);
}

}  // namespace rfetch
