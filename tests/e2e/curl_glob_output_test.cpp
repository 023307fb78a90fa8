// curl's URL globs and the files they write: #N in -o, one -o for a glob's URLs, and -o bound
// to each URL as given.

#include <catch2/catch.hpp>
#include <filesystem>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

TEST_CASE("an -o name with #N takes the glob's choice for each URL, as in curl",
          "[curl][glob][output]") {
    ScriptedServer server({{200, {}, "one"}, {200, {}, "two"}, {200, {}, "three"}});
    TempDir dir;

    const ProcessResult run =
        run_rfetch({server.url("/{a,b}/[1-2]"), "-o", dir.file("f_#1_#2.txt"), "-o",
                    dir.file("other"), server.url("/c"), "--log", "none"});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out.empty());
    CHECK(dir.entries() ==
          std::vector<std::string>{"f_a_1.txt", "f_a_2.txt", "f_b_1.txt", "f_b_2.txt", "other"});
    // In curl's order, the last glob changing fastest; the reply after the script's end repeats.
    CHECK(read_file(dir.file("f_a_1.txt")) == "one");
    CHECK(read_file(dir.file("f_a_2.txt")) == "two");
    CHECK(read_file(dir.file("f_b_1.txt")) == "three");
    CHECK(read_file(dir.file("other")) == "three");
    CHECK(server.request_count() == 5);
}

TEST_CASE("one -o for a glob's URLs keeps the last body, as curl's does", "[curl][glob][output]") {
    ScriptedServer server({{200, {}, "first"}, {200, {}, "second"}});
    TempDir dir;
    // #2 names no glob of this URL, so it stays in the name and both bodies go to one file.
    const std::string name = dir.file("dump-#2.txt");

    const ProcessResult run = run_rfetch({server.url("/[1-2]"), "-o", name, "--log", "none"});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out.empty());
    CHECK(dir.entries() == std::vector<std::string>{"dump-#2.txt"});
    CHECK(read_file(name) == "second");
    CHECK(server.request_count() == 2);
}

TEST_CASE("an -o of - writes to stdout, not to a file named -", "[curl][output]") {
    ScriptedServer server({{200, {}, "body"}});
    TempDir dir;

    const ProcessResult run = run_rfetch(
        {server.url("/{a,b}"), "-o", "-", "--output-dir", dir.path().string(), "--log", "none"});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "bodybody");
    CHECK(dir.entries().empty());
}

TEST_CASE("more -o than URLs: a warning, and the first -o is used, as in curl", "[curl][output]") {
    ScriptedServer server({{200, {}, "body"}});
    TempDir dir;

    const ProcessResult run =
        run_rfetch({server.url("/x"), "-o", dir.file("a"), "-o", dir.file("b"), "--log", "text"});

    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(dir.entries() == std::vector<std::string>{"a"});
    CHECK(read_file(dir.file("a")) == "body");
    CHECK_THAT(run.err, Catch::Contains("rfetch: --output names 2 files for 1 URL: the last "
                                        "ones are not used"));
    CHECK(server.request_count() == 1);

    const ProcessResult silent = run_rfetch({server.url("/x"), "-o", "-", "-o", "-", "-sS"});
    REQUIRE(silent.exit_code == 0);
    CHECK(silent.out == "body");
    CHECK(silent.err.empty());
}
