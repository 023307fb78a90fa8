// What goes to stderr besides JSON: nothing with -s, short lines with --log text.

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"

using namespace rfetch::test;

TEST_CASE("silent mode (-s) writes nothing to stderr", "[log]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "ok"}});

    const ProcessResult run = run_rfetch({server.url(), "-s", "--delay", "10ms"});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "ok");
    CHECK(run.err.empty());
    CHECK(server.request_count() == 2);
}

TEST_CASE("an explicit --log json wins over -s", "[log]") {
    ScriptedServer server({{200, {}, "ok"}});

    const ProcessResult run = run_rfetch({server.url(), "-s", "--log", "json"});

    CHECK(run.exit_code == 0);
    CHECK(parse_attempt_log(run.err).result()["outcome"] == "success");
}

TEST_CASE("the text log writes short human lines and no JSON", "[log]") {
    ScriptedServer server({{503, {}, "busy"}});

    const ProcessResult run =
        run_rfetch({server.url(), "--log", "text", "--retries", "1", "--delay", "10ms"});

    CHECK(run.exit_code == 22);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.events.empty());
    REQUIRE(log.other_lines.size() == 3);  // two attempts and the summary
    for (const std::string& line : log.other_lines) {
        CHECK_THAT(line, Catch::StartsWith("rfetch: "));
    }
}

TEST_CASE("a JSON log line is written for every attempt before the result", "[log]") {
    ScriptedServer server({{500, {}, ""}, {502, {}, ""}, {504, {}, ""}, {200, {}, "ok"}});

    const ProcessResult run = run_rfetch({server.url(), "--delay", "10ms"});

    CHECK(run.exit_code == 0);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.events.size() == 5);
    CHECK(log.events.back()["event"] == "result");
    CHECK(log.attempt_field("status") == std::vector<nlohmann::json>{500, 502, 504, 200});
    for (const nlohmann::json& attempt : log.attempts) {
        CHECK_THAT(attempt["ts"].get<std::string>(),
                   Catch::Matches(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"));
    }
}
