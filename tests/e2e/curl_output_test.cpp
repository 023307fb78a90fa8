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

TEST_CASE("remote name (-O) and -o bind to the URLs in the order given, as curl binds them",
          "[curl][output]") {
    ScriptedServer server({{200, {}, "-foo-"}});
    TempDir dir;
    const std::string out = dir.path().string();

    // curl's test 3013: the -O is the first URL's, the -o the second's, whatever their places.
    const ProcessResult run =
        run_rfetch({"-s", server.url("/this/is/the/3013"), "-O", "--output-dir", out,
                    server.url("/another/3013"), "-o", "second3013"});
    const ProcessResult swapped = run_rfetch({"-s", "-o", dir.file("first"), "-O", "--output-dir",
                                              out, server.url("/a/one"), server.url("/b/two")});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out.empty());
    CHECK(read_file(dir.file("3013")) == "-foo-");
    CHECK(read_file(dir.file("second3013")) == "-foo-");
    REQUIRE(swapped.exit_code == 0);
    CHECK(read_file(dir.file("first")) == "-foo-");
    CHECK(read_file(dir.file("two")) == "-foo-");
    CHECK(dir.entries() == std::vector<std::string>{"3013", "first", "second3013", "two"});
}

TEST_CASE("no remote name (--no-remote-name) sends its URL's body to stdout", "[curl][output]") {
    ScriptedServer server({{200, {}, "body"}});
    TempDir dir;
    const std::string out = dir.path().string();

    // curl's test 681: it takes the place --remote-name-all gave the first URL.
    const ProcessResult undone = run_rfetch(
        {"-s", "--remote-name-all", "--no-remote-name", "--output-dir", out, server.url("/681")});
    const ProcessResult second =
        run_rfetch({"-s", "--remote-name-all", "--no-remote-name", "--output-dir", out,
                    server.url("/first"), server.url("/second")});
    const ProcessResult after_o = run_rfetch({"-s", "-O", "--no-remote-name", "--output-dir", out,
                                              server.url("/named"), server.url("/shown")});

    REQUIRE(undone.exit_code == 0);
    CHECK(undone.out == "body");
    REQUIRE(second.exit_code == 0);
    CHECK(second.out == "body");
    REQUIRE(after_o.exit_code == 0);
    CHECK(after_o.out == "body");
    CHECK(dir.entries() == std::vector<std::string>{"named", "second"});
}

TEST_CASE("remote name (-O) alone names every URL's file; after another choice it names one",
          "[curl][output]") {
    ScriptedServer server({{200, {}, "x"}});
    TempDir dir;
    const std::string out = dir.path().string();

    const ProcessResult alone =
        run_rfetch({"-s", "-O", "--output-dir", out, server.url("/one"), server.url("/two")});
    const ProcessResult mixed =
        run_rfetch({"-s", "-O", "-o", dir.file("given"), "--output-dir", out, server.url("/three"),
                    server.url("/four"), server.url("/five")});

    REQUIRE(alone.exit_code == 0);
    CHECK(alone.out.empty());
    REQUIRE(mixed.exit_code == 0);
    // The URL after the last choice goes to stdout, as in curl.
    CHECK(mixed.out == "x");
    CHECK(dir.entries() == std::vector<std::string>{"given", "one", "three", "two"});
}

TEST_CASE("a remote header name (-J) renames only the file of -O, not one -o names",
          "[curl][output]") {
    ScriptedServer server(
        {{200, {{"Content-Disposition", "attachment; filename=\"server.txt\""}}, "named"}});
    TempDir dir;

    const ProcessResult run =
        run_rfetch({"-s", "-J", "-o", dir.file("mine"), "-O", "--output-dir", dir.path().string(),
                    server.url("/a/first"), server.url("/b/second")});

    REQUIRE(run.exit_code == 0);
    CHECK(read_file(dir.file("mine")) == "named");
    CHECK(read_file(dir.file("server.txt")) == "named");
    CHECK(dir.entries() == std::vector<std::string>{"mine", "server.txt"});
}
