// curl's -T binds to one URL each, in order, as -o does: the Nth -T is the Nth URL's, and a
// URL without one is fetched as with no -T at all. Learnt from curl's
// docs/cmdline-opts/upload-file.md ("one --upload-file for each URL") and tool_getparam.c.

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

TEST_CASE("upload (-T a -T b URL1 URL2) PUTs a to the first URL and b to the second",
          "[curl][upload][binding]") {
    ScriptedServer server({{201, {}, "ok;"}});
    TempDir dir;
    write_file(dir.file("a"), "alpha");
    write_file(dir.file("b"), "beta");

    const ProcessResult run = run_rfetch({"-T", dir.file("a"), "-T", dir.file("b"),
                                          server.url("/1"), server.url("/2"), "--log", "none"});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "ok;ok;");
    CHECK(request_lines(server) == std::vector<std::string>{"PUT /1 alpha", "PUT /2 beta"});
}

TEST_CASE("upload (-T a URL1 URL2) PUTs to the first URL and GETs the second, with no body",
          "[curl][upload][binding]") {
    ScriptedServer server({{200, {}, "r;"}});
    TempDir dir;
    write_file(dir.file("a"), "alpha");

    const ProcessResult run = run_rfetch({"-T", dir.file("a"), server.url("/1"), server.url("/2"),
                                          "-w", "%{method} %{url_effective}\n"});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "r;PUT " + server.url("/1") + "\nr;GET " + server.url("/2") + "\n");
    const auto requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].method == "PUT");
    CHECK(requests[0].body == "alpha");
    CHECK(requests[1].method == "GET");
    CHECK(requests[1].body.empty());
    CHECK(requests[1].header_values("Content-Length").empty());
    CHECK(requests[1].header_values("Content-Type").empty());
    CHECK(requests[1].header_values("Transfer-Encoding").empty());
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 2);
    CHECK(log.attempts[0]["method"] == "PUT");
    CHECK(log.attempts[1]["method"] == "GET");
    REQUIRE(log.results.size() == 2);
    CHECK(log.results[0]["method"] == "PUT");
    CHECK(log.results[1]["method"] == "GET");
}

TEST_CASE("a URL without a -T is retried as the GET it is, and the upload as a PUT",
          "[curl][upload][binding]") {
    ScriptedServer uploads({{503, {}, "busy"}, {201, {}, "stored;"}});
    ScriptedServer fetches({{503, {}, "busy"}, {200, {}, "fetched"}});
    TempDir dir;
    write_file(dir.file("a"), "alpha");

    const ProcessResult run = run_rfetch(
        with_fast_retries({"-T", dir.file("a"), uploads.url("/up"), fetches.url("/get")}));

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "stored;fetched");
    CHECK(request_lines(uploads) == std::vector<std::string>{"PUT /up alpha", "PUT /up alpha"});
    CHECK(request_lines(fetches) == std::vector<std::string>{"GET /get ", "GET /get "});
    for (const SeenRequest& request : fetches.requests()) {
        CHECK(request.header_values("Content-Length").empty());
    }
    const AttemptLog log = parse_attempt_log(run.err);
    std::vector<nlohmann::json> methods = log.attempt_field("method");
    CHECK(methods == std::vector<nlohmann::json>{"PUT", "PUT", "GET", "GET"});
}

TEST_CASE("an empty -T (-T '') uploads nothing to its URL, as in curl", "[curl][upload][binding]") {
    ScriptedServer server({{200, {}, ""}});
    TempDir dir;
    write_file(dir.file("b"), "beta");

    const ProcessResult run = run_rfetch(
        {"-T", "", "-T", dir.file("b"), server.url("/1"), server.url("/2"), "--log", "none"});

    REQUIRE(run.exit_code == 0);
    CHECK(request_lines(server) == std::vector<std::string>{"GET /1 ", "PUT /2 beta"});
}

TEST_CASE("more -T than URLs is a warning, and the extra files are neither read nor sent",
          "[curl][upload][binding]") {
    ScriptedServer server({{200, {}, ""}});
    TempDir dir;
    write_file(dir.file("a"), "alpha");

    const ProcessResult run = run_rfetch(
        {"-T", dir.file("a"), "-T", dir.file("missing"), server.url("/1"), "--log", "text"});

    REQUIRE(run.exit_code == 0);
    CHECK(request_lines(server) == std::vector<std::string>{"PUT /1 alpha"});
    CHECK_THAT(run.err, Catch::Contains("--upload-file names 2 files for 1 URL: the last ones "
                                        "are not used"));
}

TEST_CASE("a later URL's -T file that cannot be read ends the run there with exit 26",
          "[curl][upload][binding]") {
    ScriptedServer server({{200, {}, "first;"}});
    TempDir dir;
    write_file(dir.file("a"), "alpha");

    const ProcessResult run =
        run_rfetch({"-T", dir.file("a"), "-T", dir.file("missing"), server.url("/1"),
                    server.url("/2"), server.url("/3"), "--log", "text"});

    // As curl: the URL before it is sent, and none after it.
    CHECK(run.exit_code == 26);
    CHECK(run.out == "first;");
    CHECK(request_lines(server) == std::vector<std::string>{"PUT /1 alpha"});
    CHECK_THAT(run.err, Catch::Contains("--upload-file: cannot read '" + dir.file("missing")));
}

TEST_CASE("an upload glob sends each of its files to its own URL only, the next URL a GET",
          "[curl][upload][binding][glob]") {
    ScriptedServer server({{200, {}, ""}});
    TempDir dir;
    write_file(dir.file("a"), "A");
    write_file(dir.file("b"), "B");

    const ProcessResult run = run_rfetch(
        {"-T", dir.file("{a,b}"), server.url("/{x,y}/"), server.url("/z"), "--log", "none"});

    REQUIRE(run.exit_code == 0);
    CHECK(request_lines(server) == std::vector<std::string>{"PUT /x/a A", "PUT /y/a A",
                                                            "PUT /x/b B", "PUT /y/b B", "GET /z "});
}

TEST_CASE("next (--next) binds each part's -T to its own URLs", "[curl][upload][binding][next]") {
    ScriptedServer server({{200, {}, ""}});
    TempDir dir;
    write_file(dir.file("a"), "alpha");
    write_file(dir.file("b"), "beta");

    const ProcessResult run =
        run_rfetch({"-s", "-T", dir.file("a"), server.url("/1"), server.url("/2"), "--next",
                    server.url("/3"), "--next", server.url("/4"), "-T", dir.file("b")});

    REQUIRE(run.exit_code == 0);
    CHECK(request_lines(server) ==
          std::vector<std::string>{"PUT /1 alpha", "GET /2 ", "GET /3 ", "PUT /4 beta"});
}
