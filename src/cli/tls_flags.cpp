#include "cli/tls_flags.h"

#include <optional>

#include "cli/flag_setting.h"
#include "cli/tls_options.h"

namespace rfetch {
namespace {

// --cert and --proxy-cert: the name, and a password after it replacing an earlier one (of
// --pass too), as curl's GetFileAndPassword does; without one, an earlier one stays.
void add_cert_flag(CLI::App& app, const std::string& flag, std::optional<std::string>& cert,
                   std::optional<std::string>& password, const std::string& help) {
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
        ->group(kCurlSpellings)
        ->trigger_on_parse();
}

CLI::Option* add_text(CLI::App& app, const std::string& flag, std::optional<std::string>& value,
                      const std::string& type, const std::string& help) {
    return app.add_option(flag, value, help)->type_name(type)->group(kCurlSpellings);
}

}  // namespace

void add_curl_tls_flags(CLI::App& app, RawTlsOptions& raw) {
    add_cert_flag(app, "-E,--cert", raw.cert, raw.key_password,
                  "Client certificate FILE (or name), with the key's password after a ':' "
                  "('\\:' for a ':' in the name)");
    add_text(app, "--cert-type", raw.cert_type, "TYPE",
             "The client certificate's type: PEM (default), DER, ENG or P12");
    add_text(app, "--key", raw.key, "KEY", "The client certificate's private key FILE");
    add_text(app, "--key-type", raw.key_type, "TYPE",
             "The private key's type: PEM (default), DER or ENG");
    // Set as parsed: it and a password after --cert's name replace each other in order.
    add_text(app, "--pass", raw.key_password, "PHRASE",
             "The private key's pass phrase (never logged or shown)")
        ->trigger_on_parse();
    add_text(app, "--capath", raw.capath, "DIR",
             "A directory of hashed CA certificates to verify the server with");
    add_text(app, "--crlfile", raw.crlfile, "FILE",
             "Refuse a server certificate this PEM certificate revocation list revokes");
    add_text(app, "--pinnedpubkey", raw.pinnedpubkey, "HASHES",
             "Require the server's public key: a key FILE, or sha256//BASE64 hashes joined by ';'");
    add_text(app, "--ciphers", raw.ciphers, "LIST",
             "The cipher suites for TLS 1.2 and older, in OpenSSL's syntax");
    add_text(app, "--tls13-ciphers", raw.tls13_ciphers, "LIST",
             "The cipher suites for TLS 1.3, in OpenSSL's syntax");
    add_setting<std::optional<std::string>>(app, "-1,--tlsv1", raw.min_version, "1",
                                            "Speak TLS 1.0 or newer");
    add_setting<std::optional<std::string>>(app, "--tlsv1.0", raw.min_version, "1.0",
                                            "Speak TLS 1.0 or newer");
    add_setting<std::optional<std::string>>(app, "--tlsv1.1", raw.min_version, "1.1",
                                            "Speak TLS 1.1 or newer");
    add_setting<std::optional<std::string>>(app, "--tlsv1.2", raw.min_version, "1.2",
                                            "Speak TLS 1.2 or newer");
    add_setting<std::optional<std::string>>(app, "--tlsv1.3", raw.min_version, "1.3",
                                            "Speak TLS 1.3 or newer");
    add_text(app, "--tls-max", raw.max_version, "VERSION",
             "Speak TLS no newer than VERSION: 1.0, 1.1, 1.2, 1.3 or default");
    app.add_flag("--cert-status", raw.cert_status,
                 "Require a good OCSP response stapled to the server's certificate")
        ->group(kCurlSpellings);
    add_setting(app, "--no-sessionid", raw.sessionid, false,
                "Resume no TLS session: open each one afresh");
    add_setting(app, "--sessionid", raw.sessionid, true,
                "Resume TLS sessions, undoing --no-sessionid (the default)");
    app.add_flag_callback(
           "--false-start", [] {},
           "Accepted and ignored: OpenSSL has no TLS False Start, as curl 7.88 finds")
        ->group(kCurlSpellings);
    add_text(app, "--proxy-cacert", raw.proxy_cacert, "FILE",
             "CA certificates to verify the HTTPS proxy with");
    add_text(app, "--proxy-capath", raw.proxy_capath, "DIR",
             "A directory of hashed CA certificates to verify the HTTPS proxy with");
    app.add_flag("--proxy-insecure", raw.proxy_insecure,
                 "Do not verify the HTTPS proxy's TLS certificate")
        ->group(kCurlSpellings);
    add_cert_flag(app, "--proxy-cert", raw.proxy_cert, raw.proxy_key_password,
                  "Client certificate FILE for the HTTPS proxy, with the key's password after "
                  "a ':'");
    add_text(app, "--proxy-key", raw.proxy_key, "KEY",
             "The private key FILE of the --proxy-cert certificate");
}

}  // namespace rfetch
