// curl's URL globbing, -w @FILE, and the flags that are one libcurl option each.

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

TEST_CASE("URL globbing expands {sets} and [ranges] in curl's order", "[curl][glob]") {
    ScriptedServer server({{200, {}, "."}});

    const ProcessResult run = run_rfetch({server.url("/{a,b}/[08-10]"), "--log", "none"});

    REQUIRE(run.exit_code == 0);
    std::vector<std::string> targets;
    for (const SeenRequest& request : server.requests()) {
        targets.push_back(request.target);
    }
    CHECK(targets ==
          std::vector<std::string>{"/a/08", "/a/09", "/a/10", "/b/08", "/b/09", "/b/10"});
}

TEST_CASE("globoff (-g) and a backslash keep braces and brackets as they are", "[curl][glob]") {
    ScriptedServer server({{200, {}, "."}});

    REQUIRE(run_rfetch({"-g", server.url("/x{a,b}"), "--log", "none"}).exit_code == 0);
    REQUIRE(run_rfetch({server.url("/y\\[1-2]"), "--log", "none"}).exit_code == 0);

    const std::vector<SeenRequest> requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].target == "/x{a,b}");
    CHECK(requests[1].target == "/y[1-2]");
}

TEST_CASE("a glob with no end is a usage error", "[curl][glob][usage]") {
    const ProcessResult run = run_rfetch({"http://127.0.0.1:9/{a,b"});

    CHECK(run.exit_code == 2);
    CHECK(run.err.find("--globoff") != std::string::npos);
}

TEST_CASE("write-out from a file (-w @FILE) reads the format there", "[curl][output]") {
    ScriptedServer server({{200, {}, "body"}});
    TempDir dir;
    write_file(dir.file("format"), "code=%{http_code}\\n");

    const ProcessResult run = run_rfetch({"-w", "@" + dir.file("format"), server.url(), "-s"});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "bodycode=200\n");
}

TEST_CASE("time condition (-z) drops a body the server sends anyway, as curl does",
          "[curl][request]") {
    ScriptedServer server(
        {{200, {{"Last-Modified", "Mon, 01 Jan 1990 00:00:00 GMT"}}, "old body"}});

    const ProcessResult run = run_rfetch({"-z", "Sun, 06 Nov 1994 08:49:37 GMT", server.url()});

    CHECK(run.exit_code == 0);
    CHECK(run.out.empty());
}

TEST_CASE("request target (--request-target) replaces the path in the request line",
          "[curl][request]") {
    ScriptedServer server({{200, {}, "ok"}});

    const ProcessResult run =
        run_rfetch({"--request-target", "/other?x=1", server.url("/ignored")});

    REQUIRE(run.exit_code == 0);
    CHECK(server.requests().at(0).target == "/other?x=1");
}

TEST_CASE("path as is (--path-as-is) keeps /../ in the path", "[curl][request]") {
    ScriptedServer server({{200, {}, "ok"}});

    REQUIRE(run_rfetch({"--path-as-is", server.url("/a/../b")}).exit_code == 0);
    REQUIRE(run_rfetch({server.url("/a/../c")}).exit_code == 0);

    const std::vector<SeenRequest> requests = server.requests();
    CHECK(requests.at(0).target == "/a/../b");
    CHECK(requests.at(1).target == "/c");
}

TEST_CASE("raw (--raw) leaves a chunked body undecoded", "[curl][request]") {
    RawServer server(
        {{RawMove::reply,
          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"}});

    const ProcessResult raw = run_rfetch({"--raw", server.url(), "--retries", "0"});
    const ProcessResult decoded = run_rfetch({server.url(), "--retries", "0"});

    CHECK(raw.out == "3\r\nabc\r\n0\r\n\r\n");
    CHECK(decoded.out == "abc");
}

TEST_CASE("ignore content length (--ignore-content-length) reads to the end of the connection",
          "[curl][request]") {
    RawServer server({{RawMove::close_mid_body, http_head_promising(100, "short")}});

    const ProcessResult run =
        run_rfetch({"--ignore-content-length", server.url(), "--retries", "0"});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "short");
}

TEST_CASE("proxy digest (--proxy-digest) answers the proxy's challenge", "[curl][auth]") {
    const std::string challenge = R"(Digest realm="p", nonce="n0nce", qop="auth")";
    ScriptedServer proxy({{407, {{"Proxy-Authenticate", challenge}}, "who?"}, {200, {}, "in"}});

    const ProcessResult run = run_rfetch({"-x", proxy.url(), "-U", "pk:pw", "--proxy-digest",
                                          "http://origin.invalid/", "--retries", "0"});

    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto answer = proxy.requests().at(1).header_values("Proxy-Authorization");
    REQUIRE(answer.size() == 1);
    CHECK(answer[0].starts_with("Digest username=\"pk\""));
}

TEST_CASE("etag save (--etag-save) keeps the ETag that etag compare (--etag-compare) sends back",
          "[curl][request]") {
    ScriptedServer server({{200, {{"ETag", "\"v1\""}}, "body"}, {304, {}, ""}});
    TempDir dir;

    const ProcessResult first = run_rfetch({"--etag-save", dir.file("etag"), server.url()});
    const ProcessResult second = run_rfetch({"--etag-compare", dir.file("etag"), server.url()});

    REQUIRE(first.exit_code == 0);
    CHECK(first.out == "body");
    CHECK(read_file(dir.file("etag")) == "\"v1\"\n");
    CHECK(second.exit_code == 0);
    CHECK(second.out.empty());
    const std::vector<SeenRequest> requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].header_values("If-None-Match").empty());
    CHECK(requests[1].header_values("If-None-Match") == std::vector<std::string>{"\"v1\""});
}

TEST_CASE("an ETag that cannot be saved (--etag-save) stops the run before anything is sent",
          "[curl][request]") {
    ScriptedServer server({{200, {{"ETag", "\"v1\""}}, "body"}});
    TempDir dir;

    const ProcessResult run = run_rfetch({"--etag-save", dir.file("nowhere/etag"), server.url()});

    INFO(run.err);
    CHECK(run.exit_code == 23);
    CHECK(run.out.empty());
    CHECK(run.err.find("nowhere/etag") != std::string::npos);
    CHECK(server.requests().empty());
}
