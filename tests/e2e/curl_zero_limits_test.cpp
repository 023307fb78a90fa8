// curl's "no limit" values on curl's own command lines: 0 turns a time, size or rate limit off,
// and --max-redirs -1 follows any number of redirects.

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"

using namespace rfetch::test;
using std::chrono::milliseconds;

namespace {

// `count` redirects, each to the next path, then the body.
std::vector<ScriptedReply> redirects_then(int count, const std::string& body) {
    std::vector<ScriptedReply> script;
    for (int hop = 1; hop <= count; ++hop) {
        script.push_back({302, {{"Location", "/hop" + std::to_string(hop)}}, ""});
    }
    script.push_back({200, {}, body});
    return script;
}

}  // namespace

TEST_CASE("curl's -m 0 waits for a slow answer that -m 1 gives up on", "[curl][zero]") {
    ScriptedServer server({{200, {}, "slow", milliseconds(1500)}});

    const ProcessResult unlimited = run_rfetch({"-m", "0", "--retries", "0", server.url()});
    const ProcessResult limited = run_rfetch({"-m", "1", "--retries", "0", server.url()});

    INFO("stderr: " << unlimited.err);
    CHECK(unlimited.exit_code == 0);
    CHECK(unlimited.out == "slow");
    CHECK(parse_attempt_log(unlimited.err).result()["outcome"] == "success");
    CHECK(limited.exit_code == 28);
    CHECK(limited.out.empty());
    CHECK(server.request_count() == 2);
}

TEST_CASE("curl's --max-redirs -1 follows 25 redirects, past the default limit of 10",
          "[curl][zero]") {
    ScriptedServer server(redirects_then(25, "arrived"));

    const ProcessResult run = run_rfetch({"-L", "--max-redirs", "-1", server.url("/hop0")});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "arrived");
    const std::vector<SeenRequest> requests = server.requests();
    REQUIRE(requests.size() == 26);
    CHECK(requests.back().target == "/hop25");
}

TEST_CASE("the default limit of 10 redirects stops the same chain with exit 47", "[curl][zero]") {
    ScriptedServer server(redirects_then(25, "arrived"));

    const ProcessResult run = run_rfetch({"-L", "--retries", "0", server.url("/hop0")});

    CHECK(run.exit_code == 47);
    CHECK(run.out.empty());
    CHECK(server.request_count() == 11);
}

TEST_CASE("curl's --max-filesize 0 takes a body of any size", "[curl][zero]") {
    const std::string body(100'000, 'x');
    ScriptedServer server({{200, {}, body}});

    const ProcessResult run = run_rfetch({"--max-filesize", "0", server.url()});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == body);
    CHECK(server.request_count() == 1);
}

TEST_CASE("curl's --limit-rate 0 and --connect-timeout 0 fetch with no limit", "[curl][zero]") {
    ScriptedServer server({{200, {}, "fetched"}});

    const ProcessResult run =
        run_rfetch({"--limit-rate", "0", "--connect-timeout", "0", server.url()});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "fetched");
}

TEST_CASE("curl's --retry-max-time 0 leaves the retries to --retry alone", "[curl][zero]") {
    ScriptedServer server({{503, {}, "busy"}, {503, {}, "busy"}, {200, {}, "done"}});

    const ProcessResult run =
        run_rfetch({"--retry", "2", "--retry-delay", "0.1", "--retry-max-time", "0", server.url()});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "done");
    CHECK(server.request_count() == 3);
}

TEST_CASE("curl's --retry 0 makes one attempt", "[curl][zero]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "done"}});

    const ProcessResult run = run_rfetch({"--retry", "0", server.url()});

    CHECK(run.exit_code == 22);
    CHECK(run.out.empty());
    CHECK(server.request_count() == 1);
}

TEST_CASE("rfetch's own --timeout 0 is still refused, before anything is sent", "[curl][zero]") {
    ScriptedServer server({{200, {}, "never"}});

    const ProcessResult run = run_rfetch({"--timeout", "0", server.url()});

    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(run.err == "rfetch: --timeout: '0' must be longer than zero\n");
    CHECK(server.request_count() == 0);
}

TEST_CASE("curl's --parallel-max 0 fetches at the default pace, and 1000 is held at 500",
          "[curl][zero]") {
    const std::string most = GENERATE("0", "1000");
    INFO(most);
    ScriptedServer server({{200, {}, "one"}});

    const ProcessResult run = run_rfetch(
        {"-Z", "--parallel-max", most, "--log", "text", server.url("/a"), server.url("/b")});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "oneone");
    CHECK(server.request_count() == 2);
    const bool warned = run.err.find("--parallel-max: '1000' is held at 500") != std::string::npos;
    CHECK(warned == (most == "1000"));
}
