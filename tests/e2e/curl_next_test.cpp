// curl's -:/--next: each part of the command line is a command line of its own, with its own
// URLs, options and outputs, run after the one before it. Learnt from curl's
// docs/cmdline-opts/next.md.

#include <catch2/catch.hpp>

#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

TEST_CASE("next (--next) gives each URL its own options: headers, method and body",
          "[curl][next]") {
    ScriptedServer server({{200, {}, "one"}, {200, {}, "two"}});

    const ProcessResult run = run_rfetch(
        {"-s", server.url("/1"), "-H", "X-Group: first", "--next", server.url("/2"), "-d", "b=2"});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "onetwo");
    const auto requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].method == "GET");
    CHECK(requests[0].target == "/1");
    CHECK(requests[0].header_values("X-Group") == std::vector<std::string>{"first"});
    CHECK(requests[1].method == "POST");
    CHECK(requests[1].target == "/2");
    CHECK(requests[1].body == "b=2");
    CHECK(requests[1].header_values("X-Group").empty());
}

TEST_CASE("next (-:) binds each part's -o to its own URL", "[curl][next]") {
    ScriptedServer server({{200, {}, "one"}, {200, {}, "two"}});
    TempDir dir;

    const ProcessResult run = run_rfetch(
        {"-s", server.url("/1"), "-o", dir.file("a"), "-:", server.url("/2"), "-o", dir.file("b")});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out.empty());
    CHECK(read_file(dir.file("a")) == "one");
    CHECK(read_file(dir.file("b")) == "two");
}

TEST_CASE("next (--next) keeps retry settings apart: each part retries as its own options say",
          "[curl][next]") {
    ScriptedServer server({{503, {}, "busy"}});

    const ProcessResult run =
        run_rfetch({"-s", server.url("/1"), "--retries", "0", "--next", server.url("/2"),
                    "--retries", "1", "--delay", "10ms", "--jitter", "none"});

    CHECK(run.exit_code == 22);
    const auto requests = server.requests();
    REQUIRE(requests.size() == 3);
    CHECK(requests[0].target == "/1");
    CHECK(requests[1].target == "/2");
    CHECK(requests[2].target == "/2");
}

TEST_CASE(
    "next (--next): a failed part does not stop the next, the first failure is the exit "
    "status",
    "[curl][next]") {
    ScriptedServer server({{404, {}, "missing"}, {200, {}, "fine"}});

    const ProcessResult run =
        run_rfetch({"-s", "--retries", "0", server.url("/1"), "--next", server.url("/2")});

    CHECK(run.exit_code == 22);
    CHECK(run.out == "fine");
    CHECK(server.request_count() == 2);
}

TEST_CASE("next (--next) checks every part before the first runs: a bad last part sends nothing",
          "[curl][next][usage]") {
    ScriptedServer server({{200, {}, "ok"}});

    const ProcessResult run =
        run_rfetch({"-s", server.url("/1"), "--next", server.url("/2"), "--retries", "many"});

    CHECK(run.exit_code == 2);
    CHECK(run.err.find("--retries") != std::string::npos);
    CHECK(server.request_count() == 0);
}

TEST_CASE("next in a curl config file (-K) starts a new part there", "[curl][next]") {
    ScriptedServer server({{200, {}, "one"}, {200, {}, "two"}});
    TempDir dir;
    write_file(dir.file("curlrc"), "url = \"" + server.url("/1") + "\"\nheader = \"A: 1\"\nnext\n" +
                                       "url = \"" + server.url("/2") + "\"\n");

    const ProcessResult run = run_rfetch({"-s", "-K", dir.file("curlrc")});

    REQUIRE(run.exit_code == 0);
    const auto requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].header_values("A") == std::vector<std::string>{"1"});
    CHECK(requests[1].header_values("A").empty());
}

TEST_CASE("next (--next) before any URL starts nothing: the options go on to the next part",
          "[curl][next]") {
    ScriptedServer server({{200, {}, "one"}});

    const ProcessResult run = run_rfetch({"-s", "--next", "-H", "A: 1", server.url("/1")});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "one");
    REQUIRE(server.request_count() == 1);
    CHECK(server.requests().at(0).header_values("A") == std::vector<std::string>{"1"});
}

TEST_CASE("next (--next, -:) as an option's value is that value, as in curl", "[curl][next]") {
    ScriptedServer server({{200, {}, "one"}, {200, {}, "two"}});

    const ProcessResult run = run_rfetch(
        {"-s", "-d", "--next", server.url("/1"), "--next", "-sd", "-:", server.url("/2")});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "onetwo");
    const auto requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].method == "POST");
    CHECK(requests[0].body == "--next");
    CHECK(requests[1].method == "POST");
    CHECK(requests[1].body == "-:");
}

TEST_CASE("a config line in a curl config file (-K) reads that file too, as curl's -K does",
          "[curl][next]") {
    ScriptedServer server({{200, {}, "one"}, {200, {}, "two"}, {200, {}, "three"}});
    TempDir dir;
    write_file(dir.file("curlrc"), "--next\nurl = \"" + server.url("/1") +
                                       "\"\nheader = \"A: a\"\n--next\nurl = \"" +
                                       server.url("/2") + "\"\nheader = \"B: b\"\nconfig = \"" +
                                       dir.file("more") + "\"\n");
    write_file(dir.file("more"), "--next\nurl = \"" + server.url("/3") + "\"\nheader = \"C: c\"\n");

    const ProcessResult run = run_rfetch({"-s", "-K", dir.file("curlrc")});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "onetwothree");
    const auto requests = server.requests();
    REQUIRE(requests.size() == 3);
    CHECK(requests[0].target == "/1");
    CHECK(requests[0].header_values("A") == std::vector<std::string>{"a"});
    CHECK(requests[1].header_values("B") == std::vector<std::string>{"b"});
    CHECK(requests[2].target == "/3");
    CHECK(requests[2].header_values("C") == std::vector<std::string>{"c"});
    CHECK(requests[2].header_values("B").empty());
}

TEST_CASE("curl config files (-K) that read each other are refused before anything is sent",
          "[curl][next][usage]") {
    ScriptedServer server({{200, {}, "never"}});
    TempDir dir;
    write_file(dir.file("curlrc"),
               "url = \"" + server.url() + "\"\nconfig = \"" + dir.file("curlrc") + "\"\n");

    const ProcessResult run = run_rfetch({"-K", dir.file("curlrc")});

    CHECK(run.exit_code == 2);
    CHECK(run.err.find("-K: '" + dir.file("curlrc") + "' is read 16 files deep") !=
          std::string::npos);
    CHECK(server.request_count() == 0);
}
