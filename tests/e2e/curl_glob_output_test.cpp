// curl's URL globs and the files they write: #N in -o, one -o for a glob's URLs, -o bound to
// each URL as given, and one -D file for many URLs.

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

namespace {

std::size_t count_of(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
        ++count;
    }
    return count;
}

}  // namespace

TEST_CASE("one -D file holds every URL's head, in input order, as curl's does",
          "[curl][output][many]") {
    ScriptedServer server({{200, {{"X-N", "1"}}, "a"}, {201, {{"X-N", "2"}}, "b"}});
    TempDir dir;
    const std::string heads = dir.file("heads");

    const ProcessResult run =
        run_rfetch({"-D", heads, server.url("/1"), server.url("/2"), "--log", "none"});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "ab");
    const std::string written = read_file(heads);
    CHECK(written.starts_with("HTTP/1.1 200 OK\r\n"));
    CHECK(count_of(written, "HTTP/1.1 ") == 2);
    CHECK(written.find("X-N: 1") < written.find("HTTP/1.1 201"));
    CHECK(written.find("HTTP/1.1 201") < written.find("X-N: 2"));
    // Each head keeps the empty line that ends it, so the heads stand apart.
    CHECK(count_of(written, "\r\n\r\n") == 2);
    CHECK(written.ends_with("\r\n\r\n"));
}

TEST_CASE("a URL without a response leaves no head in the -D file of many URLs",
          "[curl][output][many]") {
    ScriptedServer server({{200, {{"X-N", "up"}}, "b"}});
    TempDir dir;
    const std::string heads = dir.file("heads");

    const ProcessResult run = run_rfetch({"-D", heads, "http://127.0.0.1:1/down", server.url("/2"),
                                          "--retries", "0", "--log", "none"});

    CHECK(run.exit_code == 7);
    CHECK(run.out == "b");
    const std::string written = read_file(heads);
    CHECK(count_of(written, "HTTP/1.1 ") == 1);
    CHECK(written.find("X-N: up") != std::string::npos);
}

TEST_CASE("a -D file named again after --next holds that part's heads only, as in curl",
          "[curl][output][next]") {
    ScriptedServer server(
        {{200, {{"X-N", "1"}}, "a"}, {200, {{"X-N", "2"}}, "b"}, {200, {{"X-N", "3"}}, "c"}});
    TempDir dir;
    const std::string heads = dir.file("heads");

    const ProcessResult run = run_rfetch({"-s", "-D", heads, server.url("/1"), server.url("/2"),
                                          "--next", "-s", "-D", heads, server.url("/3")});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "abc");
    const std::string written = read_file(heads);
    CHECK(count_of(written, "HTTP/1.1 ") == 1);
    CHECK(written.find("X-N: 3") != std::string::npos);
}
