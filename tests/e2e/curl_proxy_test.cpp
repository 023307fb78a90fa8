// curl's connection and proxy flags: what the proxy or the server saw of each connection and
// request, and that the secrets among them never reach stderr.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"
#include "socks_server.h"
#include "test_files.h"

using namespace rfetch::test;

namespace {

// What a proxy that does not tunnel answers to CONNECT.
const std::string kNoTunnel = "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n";

}  // namespace

TEST_CASE("proxy header (--proxy-header) goes to the proxy in CONNECT, and -H does not",
          "[curl][proxy]") {
    RawServer proxy({{RawMove::reply, kNoTunnel}});

    const ProcessResult run = run_rfetch(
        {"-x", proxy.url(), "-p", "-H", "User-Agent: to-server", "--proxy-header",
         "User-Agent: to-proxy", "--proxy-header", "Proxy-Authorization: Basic cHg6c2VjcmV0",
         "http://origin.invalid/", "--retries", "0"});

    CHECK(run.exit_code == 56);
    REQUIRE(proxy.request_heads().size() == 1);
    const std::string head = proxy.request_heads().at(0);
    CHECK_THAT(head, Catch::StartsWith("CONNECT origin.invalid:80 HTTP/1.1\r\n"));
    CHECK_THAT(head, Catch::Contains("\r\nUser-Agent: to-proxy\r\n"));
    CHECK_THAT(head, Catch::Contains("\r\nProxy-Authorization: Basic cHg6c2VjcmV0\r\n"));
    CHECK_THAT(head, !Catch::Contains("to-server"));
}

TEST_CASE("proxy header (--proxy-header) and -H both go to a proxy that forwards the request",
          "[curl][proxy]") {
    ScriptedServer proxy({{200, {}, "via proxy"}});
    TempDir dir;
    write_file(dir.file("proxy-headers"), "X-Proxy-One: 1\r\n\r\nX-Proxy-Two: 2\n");

    const ProcessResult run =
        run_rfetch({"-x", proxy.url(), "-H", "X-Server: s", "--proxy-header",
                    "@" + dir.file("proxy-headers"), "http://origin.invalid/p", "--retries", "0"});

    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "via proxy");
    const SeenRequest request = proxy.requests().at(0);
    CHECK(request.header_values("X-Proxy-One") == std::vector<std::string>{"1"});
    CHECK(request.header_values("X-Proxy-Two") == std::vector<std::string>{"2"});
    CHECK(request.header_values("X-Server") == std::vector<std::string>{"s"});
}

TEST_CASE("proxy header (--proxy-header) that is no header is refused, its secret unshown",
          "[curl][proxy][usage]") {
    const ProcessResult run =
        run_rfetch({"-x", "http://127.0.0.1:9", "--proxy-header",
                    "Proxy-Authorization: Basic c2VjcmV0\r\nX: 1", "http://origin.invalid/"});

    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::Contains("--proxy-header"));
    CHECK_THAT(run.err, !Catch::Contains("c2VjcmV0"));
    CHECK_THAT(run.err, Catch::Contains("not a header"));
}

TEST_CASE("proxy1.0 (--proxy1.0) asks the proxy for its tunnel in HTTP/1.0", "[curl][proxy]") {
    RawServer proxy({{RawMove::reply, kNoTunnel}});

    const ProcessResult run = run_rfetch({"--proxy1.0", "127.0.0.1:" + std::to_string(proxy.port()),
                                          "https://origin.invalid:8443/", "--retries", "0"});

    CHECK(run.exit_code == 56);
    REQUIRE(proxy.request_heads().size() == 1);
    CHECK_THAT(proxy.request_heads().at(0),
               Catch::StartsWith("CONNECT origin.invalid:8443 HTTP/1.0\r\n"));
}

TEST_CASE("proxy1.0 (--proxy1.0) and -x: the last given names the proxy", "[curl][proxy]") {
    RawServer proxy({{RawMove::reply, kNoTunnel}});
    const std::string address = "127.0.0.1:" + std::to_string(proxy.port());

    const ProcessResult run = run_rfetch(
        {"--proxy1.0", "127.0.0.1:9", "-x", address, "https://origin.invalid/", "--retries", "0"});

    CHECK(run.exit_code == 56);
    REQUIRE(proxy.request_heads().size() == 1);
    CHECK_THAT(proxy.request_heads().at(0),
               Catch::StartsWith("CONNECT origin.invalid:443 HTTP/1.1\r\n"));
}

TEST_CASE("interface (--interface) sends from the address or interface named",
          "[curl][connection]") {
    ScriptedServer server({{200, {}, "from loopback"}});

    const ProcessResult by_address =
        run_rfetch({"--interface", "127.0.0.1", server.url("/i"), "--retries", "0"});
    CHECK(by_address.exit_code == 0);
    CHECK(by_address.out == "from loopback");

    // libcurl's "if!" prefix names an interface and nothing else: curl's exit 45.
    const ProcessResult missing =
        run_rfetch({"--interface", "if!rfetch-none0", server.url("/i"), "--retries", "0"});
    CHECK(missing.exit_code == 45);
    CHECK(missing.out.empty());
    CHECK(server.request_count() == 1);
}

TEST_CASE("haproxy protocol (--haproxy-protocol) opens the connection with a PROXY line",
          "[curl][connection]") {
    RawServer server({{RawMove::reply, http_response(200, "behind haproxy")}});

    const ProcessResult run =
        run_rfetch({"--haproxy-protocol", server.url("/h"), "--retries", "0"});

    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "behind haproxy");
    // The PROXY line comes before the request line, so this server reads both as one head.
    REQUIRE(server.request_heads().size() == 1);
    const std::string head = server.request_heads().at(0);
    CHECK_THAT(head, Catch::StartsWith("PROXY TCP4 127.0.0.1 127.0.0.1 "));
    const std::string proxy_line = head.substr(0, head.find("\r\n"));
    CHECK_THAT(proxy_line, Catch::EndsWith(" " + std::to_string(server.port())));
    CHECK_THAT(head, Catch::Contains("\r\nGET /h HTTP/1.1\r\n"));
}

TEST_CASE("socks5 (--socks5) reaches the server through the proxy, named by its address",
          "[curl][proxy][socks]") {
    ScriptedServer server({{200, {}, "through socks"}});
    SocksServer socks;
    const std::string port = std::to_string(server.port());

    const ProcessResult run =
        run_rfetch({"--socks5", "127.0.0.1:" + std::to_string(socks.port()), "--resolve",
                    "origin.invalid:" + port + ":127.0.0.1", "http://origin.invalid:" + port + "/s",
                    "--retries", "0"});

    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "through socks");
    REQUIRE(socks.requests().size() == 1);
    CHECK(socks.requests().at(0).version == 5);
    CHECK(socks.requests().at(0).host == "127.0.0.1");
    CHECK(socks.requests().at(0).port == server.port());
    REQUIRE(server.request_count() == 1);
    CHECK(server.requests().at(0).target == "/s");
    CHECK(server.requests().at(0).header_values("Host") ==
          std::vector<std::string>{"origin.invalid:" + port});
}

TEST_CASE(
    "socks5 hostname (--socks5-hostname) and socks4a (--socks4a) leave the name to the "
    "proxy, and socks4 (--socks4) sends the address",
    "[curl][proxy][socks]") {
    ScriptedServer server({{200, {}, "named"}});
    SocksServer socks;
    const std::string proxy = "127.0.0.1:" + std::to_string(socks.port());
    const std::string url = "http://localhost:" + std::to_string(server.port()) + "/n";

    for (const std::string flag : {"--socks5-hostname", "--socks4a", "--socks4"}) {
        const ProcessResult run = run_rfetch({flag, proxy, url, "--retries", "0", "-4"});
        INFO(flag << ": " << run.err);
        CHECK(run.exit_code == 0);
        CHECK(run.out == "named");
    }
    const std::vector<SocksRequest> requests = socks.requests();
    REQUIRE(requests.size() == 3);
    CHECK((requests[0].version == 5 && requests[0].host == "localhost"));
    CHECK((requests[1].version == 4 && requests[1].host == "localhost"));
    CHECK((requests[2].version == 4 && requests[2].host == "127.0.0.1"));
    CHECK(server.request_count() == 3);
}

TEST_CASE("socks5 (--socks5) leaves the hosts of --noproxy to a direct connection",
          "[curl][proxy][socks]") {
    ScriptedServer server({{200, {}, "direct"}});

    const ProcessResult run = run_rfetch({"--socks5", "nonexistent.invalid:1080", "--noproxy",
                                          "127.0.0.1", server.url("/d"), "--retries", "0"});

    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "direct");
}

TEST_CASE("socks5 (--socks5) and -x: the last given names the proxy", "[curl][proxy][socks]") {
    ScriptedServer server({{200, {}, "last wins"}});
    SocksServer socks;

    const ProcessResult run = run_rfetch({"-x", "http://127.0.0.1:9", "--socks5",
                                          "127.0.0.1:" + std::to_string(socks.port()),
                                          server.url("/l"), "--retries", "0"});

    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "last wins");
    CHECK(socks.requests().size() == 1);
}

TEST_CASE("an ftp:// URL goes to the HTTP proxy as the target of a GET, its password unshown",
          "[curl][proxy][ftp]") {
    ScriptedServer proxy({{200, {}, "file via proxy"}});
    // Not even no_proxy may send it to the FTP server directly: rfetch speaks no FTP.
    ProcessOptions options;
    options.environment = {"no_proxy=files.invalid"};

    const ProcessResult run =
        run_rfetch({"-x", proxy.url(), "ftp://reader:ftp-s3cret@files.invalid/pub/f.txt",
                    "--retries", "0", "--log", "json", "-v"},
                   options);

    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "file via proxy");
    REQUIRE(proxy.request_count() == 1);
    const SeenRequest request = proxy.requests().at(0);
    CHECK(request.method == "GET");
    CHECK(request.target == "ftp://reader:ftp-s3cret@files.invalid/pub/f.txt");
    CHECK(request.header_values("Host") == std::vector<std::string>{"files.invalid:21"});
    CHECK(request.header_values("Authorization") ==
          std::vector<std::string>{"Basic cmVhZGVyOmZ0cC1zM2NyZXQ="});
    CHECK_THAT(run.err,
               !Catch::Contains("ftp-s3cret") && !Catch::Contains("cmVhZGVyOmZ0cC1zM2NyZXQ"));
    CHECK_THAT(run.err, Catch::Contains("files.invalid/pub/f.txt"));
}

TEST_CASE("an ftp:// upload (-T) goes to the HTTP proxy as a PUT with -u's credentials",
          "[curl][proxy][ftp]") {
    ScriptedServer proxy({{200, {}, "stored"}});
    TempDir dir;
    write_file(dir.file("up.txt"), "uploaded bytes\n");

    const ProcessResult run = run_rfetch({"-x", proxy.url(), "-u", "w:pw", "-T", dir.file("up.txt"),
                                          "ftp://files.invalid/incoming/", "--retries", "0"});

    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const SeenRequest request = proxy.requests().at(0);
    CHECK(request.method == "PUT");
    CHECK(request.target == "ftp://w:pw@files.invalid/incoming/up.txt");
    CHECK(request.body == "uploaded bytes\n");
    CHECK(request.header_values("Authorization") == std::vector<std::string>{"Basic dzpwdw=="});
}

TEST_CASE("an ftp:// URL without an HTTP proxy that carries it is refused, nothing sent",
          "[curl][proxy][ftp][usage]") {
    ScriptedServer proxy({{200, {}, "never"}});
    const std::string url = "ftp://u:ftp-s3cret@files.invalid/f";
    const std::vector<std::vector<std::string>> refused{
        {url},
        {"-x", proxy.url(), "-p", url},
        {"-x", proxy.url(), "--noproxy", "other.invalid", url},
        {"-x", "socks5://127.0.0.1:" + std::to_string(proxy.port()), url},
    };
    for (const std::vector<std::string>& args : refused) {
        const ProcessResult run = run_rfetch(args);
        INFO(run.err);
        CHECK(run.exit_code == 2);
        CHECK_THAT(run.err, Catch::Contains("HTTP proxy"));
        CHECK_THAT(run.err, !Catch::Contains("ftp-s3cret"));
    }
    CHECK(proxy.request_count() == 0);
}

TEST_CASE("alt-svc (--alt-svc) reads its cache file and writes it back as libcurl keeps it",
          "[curl][connection][alt-svc]") {
    ScriptedServer server({{200, {}, "ok"}});
    TempDir dir;
    const std::string kept =
        "h2 origin.example 443 h2 alt.example 8443 \"20991231 10:00:00\" 0 0\n";
    write_file(dir.file("alt-svc"), "# my own notes\n" + kept + "not an entry\n");

    const ProcessResult run =
        run_rfetch({"--alt-svc", dir.file("alt-svc"), server.url("/a"), "--retries", "0"});

    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "ok");
    CHECK(read_file(dir.file("alt-svc")) ==
          "# Your alt-svc cache. https://curl.se/docs/alt-svc.html\n"
          "# This file was generated by libcurl! Edit at your own risk.\n" +
              kept);
}

TEST_CASE(
    "alt-svc (--alt-svc) given twice reads both files and writes the last, and a new "
    "file is made",
    "[curl][connection][alt-svc]") {
    ScriptedServer server({{200, {}, "ok"}});
    TempDir dir;
    const std::string first = "h2 one.example 443 h2 alt.example 443 \"20991231 10:00:00\" 0 0\n";
    write_file(dir.file("first"), first);

    const ProcessResult run =
        run_rfetch({"--alt-svc", dir.file("first"), "--alt-svc", dir.file("made"), server.url("/a"),
                    server.url("/b"), "--retries", "0"});

    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(read_file(dir.file("first")) == first);
    CHECK_THAT(read_file(dir.file("made")),
               Catch::StartsWith("# Your alt-svc cache.") && Catch::EndsWith("\n" + first));
    // An empty name keeps the cache in memory: nothing is written anywhere.
    const ProcessResult in_memory =
        run_rfetch({"--alt-svc", "", server.url("/c"), "--retries", "0"});
    CHECK(in_memory.exit_code == 0);
    CHECK(dir.entries() == std::vector<std::string>{"first", "made"});
}
