// curl's global options across -:/--next: -s, -S, -v, --stderr, --libcurl, -#, --fail-early,
// -Z and --rate hold for every part wherever they are given, as curl 7.88 keeps them (its
// docs/cmdline-opts pages: "This option is global and does not need to be specified for each
// use of --next"); and --stderr takes the usage errors found after it, as curl's does.

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>

#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;
using std::chrono::milliseconds;

TEST_CASE("next: --fail-early in a later part stops the run at a failure in an earlier one",
          "[curl][next]") {
    ScriptedServer server({{404, {}, "missing"}, {200, {}, "never"}});

    const ProcessResult run = run_rfetch(
        {"-s", "--retries", "0", server.url("/1"), "--next", "--fail-early", server.url("/2")});

    CHECK(run.exit_code == 22);
    CHECK(run.out.empty());
    REQUIRE(server.request_count() == 1);
    CHECK(server.requests().at(0).target == "/1");
}

TEST_CASE("next: -v in the second part shows the first part's request too", "[curl][next]") {
    ScriptedServer server({{200, {}, "one"}, {200, {}, "two"}});

    const ProcessResult run =
        run_rfetch({"--log", "none", server.url("/1"), "--next", "-v", server.url("/2")});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "onetwo");
    CHECK_THAT(run.err,
               Catch::Contains("> GET /1 HTTP/1.1") && Catch::Contains("> GET /2 HTTP/1.1"));
}

TEST_CASE("next: -s in the second part silences the first part's failure", "[curl][next]") {
    ScriptedServer server({{404, {}, "missing"}, {200, {}, "two"}});

    const ProcessResult run =
        run_rfetch({"--retries", "0", server.url("/1"), "--next", "-s", server.url("/2")});

    CHECK(run.exit_code == 22);
    CHECK(run.out == "two");
    CHECK(run.err.empty());
}

TEST_CASE("next: a group of short flags gives its global ones to every part, and keeps the rest",
          "[curl][next]") {
    ScriptedServer server({{200, {}, "one"}, {200, {}, "two"}});
    TempDir dir;

    // -s and -v go to both parts; -o FILE stays with /2.
    const ProcessResult run =
        run_rfetch({server.url("/1"), "-:", "-svo", dir.file("two"), server.url("/2")});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "one");
    CHECK(read_file(dir.file("two")) == "two");
    CHECK_THAT(run.err, Catch::Contains("> GET /1 HTTP/1.1"));
    CHECK_THAT(run.err, !Catch::Contains("\"event\""));
}

TEST_CASE("next: --stderr in the second part takes what the first part writes", "[curl][next]") {
    ScriptedServer server({{404, {}, "missing"}, {200, {}, "two"}});
    TempDir dir;

    const ProcessResult run =
        run_rfetch({"--retries", "0", "--log", "text", server.url("/1"), "--next", "--stderr",
                    dir.file("err"), "--log", "text", server.url("/2")});

    CHECK(run.exit_code == 22);
    CHECK(run.out == "two");
    CHECK(run.err.empty());
    const std::string err = read_file(dir.file("err"));
    // Both parts' lines: the file is opened once, not emptied by the second part.
    CHECK_THAT(err, Catch::Contains("status 404") && Catch::Contains("status 200"));
}

TEST_CASE("next: --libcurl in the second part writes the first part's request", "[curl][next]") {
    ScriptedServer server({{200, {}, "one"}, {200, {}, "two"}});
    TempDir dir;

    const ProcessResult run = run_rfetch(
        {"-s", server.url("/1"), "--next", "--libcurl", dir.file("prog.c"), server.url("/2")});

    REQUIRE(run.exit_code == 0);
    const std::string program = read_file(dir.file("prog.c"));
    CHECK_THAT(program, Catch::Contains("CURLOPT_URL, \"" + server.url("/1") + "\""));
    CHECK_THAT(program, !Catch::Contains(server.url("/2")));
}

TEST_CASE("next: -Z in the second part runs the first part's URLs side by side",
          "[curl][next][many]") {
    ScriptedServer slow({{200, {}, "slow", milliseconds(800)}});
    ScriptedServer fast({{200, {}, "fast"}, {200, {}, "last"}});

    const ProcessResult run =
        run_rfetch({"-s", slow.url("/slow"), fast.url("/fast"), "--next", "-Z", fast.url("/last")});

    INFO(run.err);
    CHECK(run.exit_code == 0);
    // In the order the runs of the first part ended; the second part runs after it.
    CHECK(run.out == "fastslowlast");
}

TEST_CASE("next: --rate in the first part paces the second part's request", "[curl][next][pace]") {
    ScriptedServer server({{200, {}, "one"}, {200, {}, "two"}});

    const ProcessResult run =
        run_rfetch({"-s", "--rate", "2/s", server.url("/1"), "--next", server.url("/2")});

    REQUIRE(run.exit_code == 0);
    const auto requests = server.requests();
    REQUIRE(requests.size() == 2);
    // One request each 500 ms, across the parts: well over the few milliseconds without it.
    CHECK(requests[1].arrived - requests[0].arrived >= milliseconds(400));
}

TEST_CASE("next: the last of a global option given anywhere holds in every part", "[curl][next]") {
    ScriptedServer server({{200, {}, "one"}, {200, {}, "two"}});
    TempDir dir;

    const ProcessResult run =
        run_rfetch({"-s", "--stderr", dir.file("first"), server.url("/1"), "--next", "--stderr",
                    dir.file("second"), "-v", server.url("/2")});

    REQUIRE(run.exit_code == 0);
    CHECK(run.err.empty());
    CHECK_FALSE(std::filesystem::exists(dir.file("first")));
    CHECK_THAT(read_file(dir.file("second")),
               Catch::Contains("> GET /1 HTTP/1.1") && Catch::Contains("> GET /2 HTTP/1.1"));
}

TEST_CASE("stderr (--stderr FILE) takes a usage error found after it, with nothing sent",
          "[curl][output][usage]") {
    ScriptedServer server({{200, {}, "never"}});
    TempDir dir;

    for (const std::vector<std::string>& after :
         {std::vector<std::string>{"--bogus"}, {"--retries", "many"}, {"-d"}}) {
        std::vector<std::string> args{"--stderr", dir.file("err"), server.url()};
        args.insert(args.end(), after.begin(), after.end());
        const ProcessResult run = run_rfetch(args);

        INFO(after.front());
        CHECK(run.exit_code == 2);
        CHECK(run.err.empty());
        CHECK_THAT(read_file(dir.file("err")),
                   Catch::StartsWith("rfetch: ") && Catch::Contains(after.front()));
    }
    CHECK(server.request_count() == 0);
}

TEST_CASE("stderr (--stderr FILE) takes an error found once the command line is read",
          "[curl][output][usage]") {
    TempDir dir;

    const ProcessResult run = run_rfetch({"--stderr", dir.file("err")});

    CHECK(run.exit_code == 2);
    CHECK(run.err.empty());
    CHECK_THAT(read_file(dir.file("err")), Catch::Contains("no URL given"));
}

TEST_CASE("stderr (--stderr FILE) does not take a usage error found before it, as in curl",
          "[curl][output][usage]") {
    ScriptedServer server({{200, {}, "never"}});
    TempDir dir;

    for (const std::vector<std::string>& before :
         {std::vector<std::string>{"--bogus"}, {"--retries", "many"}}) {
        std::vector<std::string> args = before;
        args.insert(args.end(), {"--stderr", dir.file("err"), server.url()});
        const ProcessResult run = run_rfetch(args);

        INFO(before.front());
        CHECK(run.exit_code == 2);
        CHECK_THAT(run.err, Catch::Contains(before.front()));
        CHECK_FALSE(std::filesystem::exists(dir.file("err")));
    }
    CHECK(server.request_count() == 0);
}

TEST_CASE("next: -S in the second part makes the first part's -s say why it failed",
          "[curl][next]") {
    ScriptedServer server({{404, {}, "missing"}, {200, {}, "two"}});

    const ProcessResult run =
        run_rfetch({"-s", "--retries", "0", server.url("/1"), "--next", "-S", server.url("/2")});

    CHECK(run.exit_code == 22);
    CHECK(run.out == "two");
    CHECK_THAT(run.err, Catch::StartsWith("rfetch: ") && Catch::Contains("404"));
}

TEST_CASE("next: -# in the second part draws the first part's progress bar", "[curl][next]") {
    const std::string large(std::size_t{3} * 1024 * 1024, 'x');
    ScriptedServer server({{200, {}, large}, {200, {}, "two"}});

    const ProcessResult run =
        run_rfetch({"--log", "none", server.url("/1"), "--next", "-#", server.url("/2")});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == large + "two");
    CHECK_THAT(run.err, Catch::Contains(" / 3.0 MiB ["));
}

TEST_CASE("next: a global option left without its value is refused, with nothing sent",
          "[curl][next][usage]") {
    ScriptedServer server({{200, {}, "never"}});

    const ProcessResult run =
        run_rfetch({"-v", server.url("/1"), "--next", server.url("/2"), "--stderr"});

    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::Contains("--stderr: needs a value"));
    CHECK(server.request_count() == 0);
}
