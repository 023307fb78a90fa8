// curl's client-certificate and TLS flags on the command line: bad values refused before
// anything is sent, and a key's pass phrase kept out of the log, -v and --libcurl. What they
// do over TLS is tested against nginx in tests/peers/tls-client-cert.sh.

#include <algorithm>
#include <catch2/catch.hpp>

#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

TEST_CASE("a bad TLS value exits 2 in one line naming the flag, nothing sent", "[curl][tls]") {
    const auto [args, named] = GENERATE(table<std::vector<std::string>, std::string>({
        {{"--tls-max", "1.4"}, "--tls-max: '1.4' is not a TLS version"},
        {{"--tlsv1.3", "--tls-max", "1.2"}, "--tls-max: '1.2' is below --tlsv1.3"},
        {{"--cert", ":hunter2"}, "--cert: '' is not a file or name"},
        {{"--capath", "/nonexistent/rfetch-ca"}, "--capath: '/nonexistent/rfetch-ca'"},
        {{"--crlfile", "/nonexistent/rfetch.crl"}, "--crlfile: '/nonexistent/rfetch.crl'"},
    }));
    ScriptedServer server({{200, {}, "never"}});
    std::vector<std::string> command = args;
    command.push_back(server.url());

    const ProcessResult run = run_rfetch(command);

    INFO(run.err);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(run.err.find(named) != std::string::npos);
    CHECK(run.err.find("hunter2") == std::string::npos);
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    CHECK(server.requests().empty());
}

TEST_CASE("a key's pass phrase reaches no log, -v line or --libcurl program", "[curl][tls]") {
    ScriptedServer server({{200, {}, "plain"}});
    TempDir dir;
    const std::string source = dir.file("request.c");

    // Over http:// libcurl takes the TLS options and has no use for them: the request goes.
    const ProcessResult run =
        run_rfetch({"-v", "--log", "json", "--libcurl", source, "-E", "c\\:d.pem:hunter2",
                    "--proxy-cert", "p.pem:pr0xy", "--tlsv1.2", server.url("/plain")});

    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "plain");
    const std::string program = read_file(source);
    CHECK(program.find("CURLOPT_SSLCERT, \"c:d.pem\"") != std::string::npos);
    CHECK(program.find("CURLOPT_KEYPASSWD, \"REDACTED\"") != std::string::npos);
    CHECK(program.find("CURLOPT_PROXY_KEYPASSWD, \"REDACTED\"") != std::string::npos);
    CHECK(program.find("CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2") != std::string::npos);
    for (const std::string& text : {program, run.err, run.out}) {
        CHECK(text.find("hunter2") == std::string::npos);
        CHECK(text.find("pr0xy") == std::string::npos);
    }
}
