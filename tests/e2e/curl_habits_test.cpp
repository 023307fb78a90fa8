// Where rfetch follows curl's habits: repeated bodies, the retryable set edited rather than
// replaced, and optional values that leave URLs alone; as the server sees them.

#include <catch2/catch.hpp>
#include <regex>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"

using namespace rfetch::test;

TEST_CASE("repeated -d are joined with '&', as curl sends them", "[body]") {
    ScriptedServer server({{200, {}, "ok"}});

    const ProcessResult run = run_rfetch({server.url(), "-d", "a=1", "-d", "b=2", "--data=c=3"});

    REQUIRE(run.exit_code == 0);
    REQUIRE(server.request_count() == 1);
    const SeenRequest request = server.requests().front();
    CHECK(request.method == "POST");
    CHECK(request.body == "a=1&b=2&c=3");
}

TEST_CASE("repeated --json are concatenated into one document", "[body]") {
    ScriptedServer server({{200, {}, "ok"}});

    const ProcessResult run =
        run_rfetch({server.url(), "--json", R"({"drink":)", "--json", R"( "coffee"})"});

    REQUIRE(run.exit_code == 0);
    const SeenRequest request = server.requests().at(0);
    CHECK(request.body == R"({"drink": "coffee"})");
    CHECK(request.header_values("Content-Type") == std::vector<std::string>{"application/json"});
    CHECK(request.header_values("Accept") == std::vector<std::string>{"application/json"});
}

TEST_CASE("data (-d) and JSON (--json) mixed are joined as curl joins them", "[body]") {
    ScriptedServer server({{200, {}, "ok"}});

    // curl 7.88.1 sends "a" "b" "&c": --json appends as it is, -d after a piece adds '&'.
    const ProcessResult run = run_rfetch({server.url(), "-d", "a", "--json", "b", "-d", "c"});

    REQUIRE(run.exit_code == 0);
    const SeenRequest request = server.requests().at(0);
    CHECK(request.body == "ab&c");
    CHECK(request.header_values("Content-Type") == std::vector<std::string>{"application/json"});
}

TEST_CASE("a signed --retry-on list adds to and removes from the default set", "[retry]") {
    SECTION("+418 adds a status and keeps the defaults") {
        ScriptedServer server({{418, {}, "teapot"}, {503, {}, "busy"}, {200, {}, "tea"}});
        const ProcessResult run =
            run_rfetch(with_fast_retries({server.url(), "--retry-on", "+418"}));
        CHECK(run.exit_code == 0);
        CHECK(run.out == "tea");
        CHECK(server.request_count() == 3);
    }
    SECTION("-503 removes a default status and keeps the rest") {
        ScriptedServer server({{429, {}, "slow down"}, {503, {}, "busy"}, {200, {}, "never"}});
        const ProcessResult run =
            run_rfetch(with_fast_retries({server.url(), "--retry-on", "-503,+418"}));
        CHECK(run.exit_code == 22);
        CHECK(run.out.empty());
        CHECK(server.request_count() == 2);
    }
}

TEST_CASE("a bare --request-id or --traceparent before two URLs fetches both", "[trace]") {
    const std::string flag = GENERATE(as<std::string>{}, "--request-id", "--traceparent");
    ScriptedServer server({{200, {}, "ok"}});

    const ProcessResult run =
        run_rfetch({flag, server.url("/first"), server.url("/second"), "--log", "none"});

    INFO(flag << " stderr: " << run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "okok");
    const std::vector<SeenRequest> requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].target == "/first");
    CHECK(requests[1].target == "/second");
    const std::string header = flag == "--request-id" ? "X-Request-Id" : "traceparent";
    const std::regex generated(
        flag == "--request-id"
            ? "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
            : "00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    for (const SeenRequest& request : requests) {
        const auto values = request.header_values(header);
        REQUIRE(values.size() == 1);
        CHECK(std::regex_match(values[0], generated));
    }
}

TEST_CASE(
    "a request id flag (--request-id) followed by a word that is not a URL takes it as the id",
    "[trace]") {
    ScriptedServer server({{200, {}, "ok"}});

    const ProcessResult run = run_rfetch({"--request-id", "job-7", server.url(), "--log", "none"});

    REQUIRE(run.exit_code == 0);
    CHECK(server.requests().at(0).header_values("X-Request-Id") ==
          std::vector<std::string>{"job-7"});
}
