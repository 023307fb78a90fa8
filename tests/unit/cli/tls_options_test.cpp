// curl's client-certificate and TLS flags: --cert's escapes, --tls-max's values, and the
// values refused before anything is sent.

#include "cli/tls_options.h"

#include <catch2/catch.hpp>
#include <sstream>

#include "cli/command_line.h"
#include "cli/usage_error.h"

using namespace rfetch;

namespace {

CommandLine parse(std::vector<std::string> args) {
    args.insert(args.begin(), "rfetch");
    args.emplace_back("https://h/");
    std::vector<const char*> argv;
    for (const std::string& arg : args) {
        argv.push_back(arg.c_str());
    }
    std::istringstream in;
    Surroundings surroundings{
        in,
        false,
        [](const std::string&) -> std::optional<std::string> { return std::nullopt; },
        {},
        {}};
    return parse_command_line(static_cast<int>(argv.size()), argv.data(), surroundings, "v");
}

TlsSettings tls_of(std::vector<std::string> args) {
    const CommandLine parsed = parse(std::move(args));
    INFO(parsed.refusal.value_or(""));
    REQUIRE(parsed.config);
    return parsed.config->transfer.tls;
}

std::string refusal_of(const RawTlsOptions& raw) {
    try {
        build_tls_settings(raw);
    } catch (const UsageError& error) {
        return error.what();
    }
    return "(accepted)";
}

}  // namespace

TEST_CASE("curl's --cert splits at the first unescaped colon, as curl does", "[tls]") {
    const CertParameter escaped = split_cert_parameter("a\\:b.pem:secret");
    CHECK(escaped.name == "a:b.pem");
    CHECK(escaped.password == "secret");

    CHECK(split_cert_parameter("client.pem").name == "client.pem");
    CHECK_FALSE(split_cert_parameter("client.pem").password);
    // The password keeps its own colons and backslashes.
    CHECK(split_cert_parameter("c.pem:pa:ss\\w").password == "pa:ss\\w");
    // '\\' is one backslash; before another character the backslash stays, and at the end too.
    CHECK(split_cert_parameter("dir\\\\c.pem").name == "dir\\c.pem");
    CHECK(split_cert_parameter("dir\\c.pem").name == "dir\\c.pem");
    CHECK(split_cert_parameter("c.pem\\").name == "c.pem\\");
    // An empty password is none, and a PKCS#11 URI is a name whole.
    CHECK_FALSE(split_cert_parameter("c.pem:").password);
    const CertParameter uri = split_cert_parameter("PKCS11:token=a;object=b");
    CHECK(uri.name == "PKCS11:token=a;object=b");
    CHECK_FALSE(uri.password);
}

TEST_CASE("a password of --cert and --pass replace each other in the order given", "[tls]") {
    const TlsSettings with_cert = tls_of({"-E", "a\\:b.pem:secret", "--key", "k.pem"});
    CHECK(with_cert.client.cert == "a:b.pem");
    CHECK(with_cert.client.key == "k.pem");
    CHECK(with_cert.client.key_password == "secret");
    CHECK(tls_of({"--cert", "c.pem:first", "--pass", "second"}).client.key_password == "second");
    CHECK(tls_of({"--pass", "first", "--cert", "c.pem:second"}).client.key_password == "second");
    // A --cert without a password leaves an earlier --pass alone, as curl's does.
    CHECK(tls_of({"--pass", "first", "--cert", "c.pem"}).client.key_password == "first");
    const TlsSettings proxy = tls_of({"--proxy-cert", "p.pem:pp", "--proxy-key", "pk.pem"});
    CHECK(proxy.proxy_client.cert == "p.pem");
    CHECK(proxy.proxy_client.key_password == "pp");
    CHECK_FALSE(proxy.client.key_password);
}

TEST_CASE("curl's --tls-max takes default and 1.0 to 1.3; --tlsv1.N sets the floor, the last wins",
          "[tls]") {
    CHECK(parse_tls_max("default") == TlsSettings::MaxVersion::any);
    CHECK(parse_tls_max("1.0") == TlsSettings::MaxVersion::v1_0);
    CHECK(parse_tls_max("1.1") == TlsSettings::MaxVersion::v1_1);
    CHECK(parse_tls_max("1.2") == TlsSettings::MaxVersion::v1_2);
    CHECK(parse_tls_max("1.3") == TlsSettings::MaxVersion::v1_3);
    for (const char* bad : {"1.4", "1", "", "tls1.2", "1.2 "}) {
        CHECK_THROWS_AS(parse_tls_max(bad), UsageError);
    }
    const TlsSettings versions = tls_of({"--tlsv1.3", "--tlsv1.2", "--tls-max", "1.3"});
    CHECK(versions.min_version == TlsSettings::Version::v1_2);
    CHECK(versions.max_version == TlsSettings::MaxVersion::v1_3);
    CHECK(tls_of({"-1"}).min_version == TlsSettings::Version::v1);
    CHECK(tls_of({}).min_version == TlsSettings::Version::any);
    CHECK(tls_of({"--tlsv1", "--tls-max", "1.0"}).max_version == TlsSettings::MaxVersion::v1_0);
}

TEST_CASE("bad TLS values are refused in one line naming the flag, with no password", "[tls]") {
    RawTlsOptions raw;
    raw.max_version = "1.4";
    CHECK(refusal_of(raw) ==
          "--tls-max: '1.4' is not a TLS version: use 1.0, 1.1, 1.2, 1.3 or default");

    raw = {};
    raw.min_version = "1.3";
    raw.max_version = "1.2";
    CHECK(refusal_of(raw) ==
          "--tls-max: '1.2' is below --tlsv1.3: no TLS version is left to speak");
    raw.max_version = "1.3";
    CHECK(refusal_of(raw) == "(accepted)");

    raw = {};
    raw.cert = "";
    raw.key_password = "secret";
    CHECK(refusal_of(raw) == "--cert: '' is not a file or name");

    raw = {};
    raw.capath = "/nonexistent/rfetch-capath";
    CHECK(refusal_of(raw) == "--capath: '/nonexistent/rfetch-capath' is not a directory");
    raw = {};
    raw.crlfile = "/nonexistent/rfetch.crl";
    CHECK(refusal_of(raw) == "--crlfile: '/nonexistent/rfetch.crl' is not a file rfetch can read");
    raw = {};
    raw.proxy_cacert = "/nonexistent/ca.pem";
    CHECK(refusal_of(raw).starts_with("--proxy-cacert: "));
    raw = {};
    raw.pinnedpubkey = "";
    CHECK(refusal_of(raw).starts_with("--pinnedpubkey: "));

    // Through the command line: exit 2, and nothing of the password in the refusal.
    const CommandLine refused = parse({"--cert", ":hunter2", "--tls-max", "1.2"});
    CHECK(refused.exit_code == 2);
    REQUIRE(refused.refusal);
    CHECK(refused.refusal->find("hunter2") == std::string::npos);
    CHECK(refused.refusal->find('\n') == std::string::npos);
}

TEST_CASE("the other TLS flags reach the transfer settings", "[tls]") {
    const TlsSettings tls =
        tls_of({"--cert-type", "DER", "--key-type", "PEM", "--capath", ".", "--pinnedpubkey",
                "sha256//AAAA", "--ciphers", "ECDHE-RSA-AES128-GCM-SHA256", "--tls13-ciphers",
                "TLS_AES_128_GCM_SHA256", "--cert-status", "--no-sessionid", "--false-start",
                "--proxy-capath", ".", "--proxy-insecure"});
    CHECK(tls.client.cert_type == "DER");
    CHECK(tls.client.key_type == "PEM");
    CHECK(tls.ca_path == ".");
    CHECK(tls.pinned_public_key == "sha256//AAAA");
    CHECK(tls.ciphers == "ECDHE-RSA-AES128-GCM-SHA256");
    CHECK(tls.tls13_ciphers == "TLS_AES_128_GCM_SHA256");
    CHECK(tls.verify_status);
    CHECK_FALSE(tls.session_id_cache);
    CHECK(tls.proxy_ca_path == ".");
    CHECK(tls.proxy_insecure);
    CHECK(tls_of({}).session_id_cache);
    CHECK_FALSE(tls_of({}).proxy_insecure);
}
