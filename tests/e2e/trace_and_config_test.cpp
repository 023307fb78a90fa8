// Trace headers, request ids and the order of precedence of flags, environment and config file,
// as the server and the log see them.

#include <catch2/catch.hpp>
#include <regex>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

namespace {

const std::regex kTraceparent("00-([0-9a-f]{32})-([0-9a-f]{16})-01");

ProcessOptions with_environment(std::vector<std::string> variables) {
    ProcessOptions options;
    options.environment = std::move(variables);
    return options;
}

}  // namespace

TEST_CASE("a new trace keeps its id and changes its span on every attempt", "[trace]") {
    ScriptedServer server({{503, {}, "busy"}, {503, {}, "busy"}, {200, {}, "ok"}});

    const ProcessResult run =
        run_rfetch({"--traceparent", server.url(), "--delay", "10ms", "--seed", "1"});

    REQUIRE(run.exit_code == 0);
    const auto requests = server.requests();
    REQUIRE(requests.size() == 3);
    std::vector<std::smatch> seen(3);
    std::vector<std::string> values;
    for (const SeenRequest& request : requests) {
        REQUIRE(request.header_values("traceparent").size() == 1);
        values.push_back(request.header_values("traceparent")[0]);
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        INFO(values[i]);
        REQUIRE(std::regex_match(values[i], seen[i], kTraceparent));
    }
    CHECK(seen[0][1] == seen[1][1]);
    CHECK(seen[1][1] == seen[2][1]);
    CHECK(seen[0][2] != seen[1][2]);
    CHECK(seen[1][2] != seen[2][2]);

    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(log.attempts[i]["traceparent"] == values[i]);
    }
}

TEST_CASE("a given traceparent is continued, not restarted", "[trace]") {
    ScriptedServer server({{200, {}, "ok"}});
    const std::string given = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    const ProcessResult run = run_rfetch({"--traceparent=" + given, server.url()});

    REQUIRE(run.exit_code == 0);
    const std::string sent = server.requests().at(0).header_values("traceparent").at(0);
    CHECK(sent.substr(0, 36) == given.substr(0, 36));
    CHECK(sent != given);
}

TEST_CASE("one request id on every attempt and in the log", "[trace]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "ok"}});

    const ProcessResult run = run_rfetch({"--request-id=job-42", server.url(), "--delay", "10ms"});

    REQUIRE(run.exit_code == 0);
    for (const SeenRequest& request : server.requests()) {
        CHECK(request.header_values("X-Request-Id") == std::vector<std::string>{"job-42"});
    }
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.at(0)["request_id"] == "job-42");
    CHECK(log.attempts.at(1)["request_id"] == "job-42");
    CHECK(log.result()["request_id"] == "job-42");
}

TEST_CASE("flags beat RFETCH_ variables, which beat the config file", "[config]") {
    TempDir dir;
    write_file(dir.file("config.toml"), "retries = 4\ndelay = \"10ms\"\njitter = \"none\"\n");
    ScriptedServer server({{503, {}, "busy"}});
    const std::string config = "RFETCH_CONFIG=" + dir.file("config.toml");

    const ProcessResult from_file = run_rfetch({server.url()}, with_environment({config}));
    CHECK(parse_attempt_log(from_file.err).attempts.size() == 5);

    const ProcessResult from_environment =
        run_rfetch({server.url()}, with_environment({config, "RFETCH_RETRIES=2"}));
    CHECK(parse_attempt_log(from_environment.err).attempts.size() == 3);

    const ProcessResult from_flag = run_rfetch({server.url(), "--retries", "0"},
                                               with_environment({config, "RFETCH_RETRIES=2"}));
    CHECK(parse_attempt_log(from_flag.err).attempts.size() == 1);
    CHECK(from_flag.exit_code == 22);
}

TEST_CASE("a bad RFETCH_ variable is a usage error that names it", "[config]") {
    ScriptedServer server({{200, {}, "ok"}});

    const ProcessResult run =
        run_rfetch({server.url()}, with_environment({"RFETCH_DEADLINE=soon"}));

    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(run.err.rfind("rfetch: RFETCH_DEADLINE: 'soon'", 0) == 0);
    CHECK(server.request_count() == 0);
}

TEST_CASE("a proxy from -x or from http_proxy carries the request", "[proxy]") {
    // The scripted server plays the proxy: a proxied request names the whole URL as its target.
    const std::string origin = "http://origin.invalid/resource?page=2";

    ScriptedServer flag_proxy({{200, {}, "via flag"}});
    const ProcessResult by_flag = run_rfetch({"-x", flag_proxy.url(), origin});
    CHECK(by_flag.exit_code == 0);
    CHECK(by_flag.out == "via flag");
    REQUIRE(flag_proxy.request_count() == 1);
    CHECK(flag_proxy.requests()[0].target == origin);

    ScriptedServer environment_proxy({{200, {}, "via environment"}});
    const ProcessResult by_environment =
        run_rfetch({origin}, with_environment({"http_proxy=" + environment_proxy.url()}));
    CHECK(by_environment.exit_code == 0);
    CHECK(by_environment.out == "via environment");
    REQUIRE(environment_proxy.request_count() == 1);
    CHECK(environment_proxy.requests()[0].target == origin);
}

TEST_CASE("the attempt header numbers each attempt against the most allowed", "[attempt]") {
    ScriptedServer server({{503, {}, "busy"}, {503, {}, "busy"}, {200, {}, "ok"}});

    const ProcessResult run =
        run_rfetch({"--attempt-header", server.url(), "--retries", "3", "--delay", "10ms"});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "ok");
    const auto requests = server.requests();
    REQUIRE(requests.size() == 3);
    for (std::size_t i = 0; i < requests.size(); ++i) {
        CHECK(requests[i].header_values("RFetch-Attempt") ==
              std::vector<std::string>{"attempt=" + std::to_string(i + 1) + "; max=4"});
    }
}

TEST_CASE("the attempt header takes a name, and goes with a trace", "[attempt]") {
    ScriptedServer server({{200, {}, "ok"}});

    const ProcessResult run = run_rfetch(
        {"--attempt-header=amz-sdk-request", "--traceparent", "--retries", "0", server.url()});

    REQUIRE(run.exit_code == 0);
    const SeenRequest request = server.requests().at(0);
    CHECK(request.header_values("amz-sdk-request") ==
          std::vector<std::string>{"attempt=1; max=1"});
    CHECK(request.header_values("RFetch-Attempt").empty());
    CHECK(request.header_values("traceparent").size() == 1);
}

TEST_CASE("a bad attempt header name is refused before anything is sent", "[attempt]") {
    ScriptedServer server({{200, {}, "ok"}});

    const ProcessResult bad = run_rfetch({"--attempt-header=bad name", server.url()});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("--attempt-header") != std::string::npos);
    CHECK(bad.out.empty());

    const ProcessResult twice =
        run_rfetch({"--attempt-header", "-H", "RFetch-Attempt: 9", server.url()});
    CHECK(twice.exit_code == 2);
    CHECK(twice.err.find("--attempt-header") != std::string::npos);
    CHECK(server.requests().empty());
}
