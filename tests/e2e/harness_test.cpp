// The harness itself: if these break, every other result is suspect.

#include <catch2/catch.hpp>

#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"

using namespace rfetch::test;
using std::chrono::milliseconds;

TEST_CASE("harness: the runner kills a child that outlives its limit", "[harness]") {
    const ProcessResult run = run_process("/bin/sleep", {"30"}, killing_after(milliseconds(300)));
    CHECK(run.timed_out);
    CHECK(run.exit_code == 128 + 9);
    CHECK(run.wall < milliseconds(5000));
}

TEST_CASE("harness: the runner feeds stdin and keeps stdout and stderr apart", "[harness]") {
    std::string input(200000, 'x');
    input += std::string("\0end", 4);
    const ProcessResult run =
        run_process("/bin/sh", {"-c", "cat; echo oops >&2; exit 3"}, feeding(input));
    CHECK(run.exit_code == 3);
    CHECK(run.out == input);
    CHECK(run.err == "oops\n");
    CHECK_FALSE(run.timed_out);
}

TEST_CASE("harness: the scripted server serves in order and repeats the last", "[harness]") {
    ScriptedServer server({{503, {{"X-Step", "one"}}, "a"}, {200, {}, "b"}});
    for (const char* expected : {"a", "b", "b"}) {
        const ProcessResult run =
            run_process("/usr/bin/curl",
                        {"-s", "-H", "X-Test: yes", "--data-binary", "q", server.url("/p?x=1")});
        CHECK(run.out == expected);
    }
    const std::vector<SeenRequest> seen = server.requests();
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].method == "POST");
    CHECK(seen[0].target == "/p?x=1");
    CHECK(seen[0].body == "q");
    CHECK(seen[0].header_values("x-test") == std::vector<std::string>{"yes"});
}

TEST_CASE("harness: the raw server produces the failures curl names", "[harness]") {
    const auto [move, curl_code] = GENERATE(table<RawMove, int>({{RawMove::close_mid_body, 18},
                                                                 {RawMove::reset_mid_body, 56},
                                                                 {RawMove::close_silently, 52}}));
    RawServer server({{move, http_head_promising(100, "part")}});
    const ProcessResult run = run_process("/usr/bin/curl", {"-s", server.url()});
    CHECK(run.exit_code == curl_code);
    CHECK(server.request_count() == 1);
}
