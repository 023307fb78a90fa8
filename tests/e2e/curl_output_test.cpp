// curl's output habits: each -o bound to its URL in order, --remote-name-all, and options read
// from a curl config file (-K).

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

TEST_CASE("each -o names the file of the URL in its place, as curl binds them", "[curl][output]") {
    ScriptedServer server({{200, {}, "same body"}});
    TempDir dir;

    const ProcessResult run = run_rfetch({"-o", dir.file("a"), server.url("/1"), "-o",
                                          dir.file("b"), server.url("/2"), server.url("/3")});

    REQUIRE(run.exit_code == 0);
    CHECK(read_file(dir.file("a")) == "same body");
    CHECK(read_file(dir.file("b")) == "same body");
    // The URL after the last -o goes to stdout.
    CHECK(run.out == "same body");
    CHECK(server.request_count() == 3);
}

TEST_CASE("remote name all (--remote-name-all) names every URL's file", "[curl][output]") {
    ScriptedServer server({{200, {}, "x"}});
    TempDir dir;

    const ProcessResult run = run_rfetch({"--remote-name-all", "--output-dir", dir.path().string(),
                                          server.url("/one.txt"), server.url("/two.txt")});

    REQUIRE(run.exit_code == 0);
    CHECK(dir.entries() == std::vector<std::string>{"one.txt", "two.txt"});
}

TEST_CASE("a curl config file (-K) stands for the options it holds, in its place",
          "[curl][config]") {
    ScriptedServer server({{200, {}, "configured"}});
    TempDir dir;
    write_file(dir.file("curlrc"),
               "# a comment\n"
               "silent\n"
               "header = \"X-From: the \\\"file\\\"\"\n"
               "--user-agent: agent/1\n"
               "-o " +
                   dir.file("out") +
                   "\n"
                   "url = " +
                   server.url("/k") + "\n");

    const ProcessResult run = run_rfetch({"-K", dir.file("curlrc")});

    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.err.empty());
    CHECK(read_file(dir.file("out")) == "configured");
    const SeenRequest request = server.requests().at(0);
    CHECK(request.target == "/k");
    CHECK(request.header_values("X-From") == std::vector<std::string>{"the \"file\""});
    CHECK(request.header_values("User-Agent") == std::vector<std::string>{"agent/1"});
}

TEST_CASE("a curl config file from stdin (-K -) is read too", "[curl][config]") {
    ScriptedServer server({{200, {}, "ok"}});

    const ProcessResult run =
        run_rfetch({"-K", "-", "--log", "none"}, feeding("url " + server.url("/in") + "\n"));

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "ok");
}

TEST_CASE("a curl config file (-K) that cannot be read is a usage error", "[curl][config][usage]") {
    const ProcessResult run = run_rfetch({"-K", "/nonexistent/curlrc", "http://127.0.0.1:9/"});

    CHECK(run.exit_code == 2);
    CHECK(run.err.find("-K: '/nonexistent/curlrc'") != std::string::npos);
}
