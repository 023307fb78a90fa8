// curl's -T with a glob: one upload a file, every URL sent each file in turn.

#include <catch2/catch.hpp>

#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

TEST_CASE("an upload glob (-T '{a,b}') PUTs each file, named after it under a URL ending in /",
          "[curl][upload][glob]") {
    ScriptedServer server({{201, {}, "ok;"}});
    TempDir dir;
    write_file(dir.file("a.txt"), "alpha");
    write_file(dir.file("b.txt"), "beta");

    const ProcessResult run =
        run_rfetch({"-T", dir.file("{a,b}.txt"), server.url("/up/"), "--log", "none"});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "ok;ok;");
    CHECK(request_lines(server) ==
          std::vector<std::string>{"PUT /up/a.txt alpha", "PUT /up/b.txt beta"});
}

TEST_CASE("an upload glob with a URL glob sends each file to every URL, file by file, as curl",
          "[curl][upload][glob]") {
    ScriptedServer server({{200, {}, ""}});
    TempDir dir;
    write_file(dir.file("first"), "1st");
    write_file(dir.file("second"), "2nd");

    const ProcessResult run =
        run_rfetch({server.url("/{one,two}/"), "-T", dir.file("{first,second}"), "--log", "none"});

    REQUIRE(run.exit_code == 0);
    CHECK(request_lines(server) ==
          std::vector<std::string>{"PUT /one/first 1st", "PUT /two/first 1st",
                                   "PUT /one/second 2nd", "PUT /two/second 2nd"});
}

TEST_CASE("a file of an upload glob that cannot be read ends the run there with exit 26",
          "[curl][upload][glob]") {
    ScriptedServer server({{200, {}, "first reply"}});
    TempDir dir;
    write_file(dir.file("in"), "surprise!");

    const ProcessResult run =
        run_rfetch({server.url("/u"), "-T", dir.file("{in,missing,in}"), "--log", "text"});

    // As curl: the file before it is uploaded, and nothing after it.
    CHECK(run.exit_code == 26);
    CHECK(run.out == "first reply");
    CHECK(request_lines(server) == std::vector<std::string>{"PUT /u surprise!"});
    CHECK_THAT(run.err, Catch::Contains("--upload-file: cannot read '" + dir.file("missing")));
}

TEST_CASE("an upload glob whose first file cannot be read exits 26 before anything is sent",
          "[curl][upload][glob]") {
    ScriptedServer server({{200, {}, "never"}});
    TempDir dir;
    write_file(dir.file("in"), "x");

    const ProcessResult run = run_rfetch({server.url("/u"), "-T", dir.file("{missing,in}")});

    CHECK(run.exit_code == 26);
    CHECK_THAT(run.err, Catch::Contains("--upload-file"));
    CHECK(server.request_count() == 0);
}

TEST_CASE("each file of an upload glob is sent again whole on a retry", "[curl][upload][glob]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "a;"}, {200, {}, "b;"}});
    TempDir dir;
    write_file(dir.file("1.txt"), "one");
    write_file(dir.file("2.txt"), "two");

    const ProcessResult run = run_rfetch(with_fast_retries(
        {"-T", dir.file("[1-2].txt"), server.url("/"), "--retries", "1", "--log", "none"}));

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "a;b;");
    CHECK(request_lines(server) ==
          std::vector<std::string>{"PUT /1.txt one", "PUT /1.txt one", "PUT /2.txt two"});
}

TEST_CASE("the uploads of a glob sent with POST are retried only under POST's rules",
          "[curl][upload][glob][safety]") {
    ScriptedServer server({{503, {}, "busy"}});
    TempDir dir;
    write_file(dir.file("a"), "A");
    write_file(dir.file("b"), "B");

    const ProcessResult run =
        run_rfetch(with_fast_retries({"-X", "POST", "-T", dir.file("{a,b}"), server.url("/p"),
                                      "--retries", "3", "--log", "none"}));

    CHECK(run.exit_code == 22);
    // A 503 to a POST is not retried without an idempotency key: one request a file.
    CHECK(request_lines(server) == std::vector<std::string>{"POST /p A", "POST /p B"});
}

TEST_CASE("globoff (-g) takes an upload file name with braces as it is", "[curl][upload][glob]") {
    ScriptedServer server({{200, {}, ""}});
    TempDir dir;
    write_file(dir.file("{a}"), "braces");

    const ProcessResult run = run_rfetch({"-g", "-T", dir.file("{a}"), server.url("/x"), "-s"});

    REQUIRE(run.exit_code == 0);
    CHECK(request_lines(server) == std::vector<std::string>{"PUT /x braces"});
}
