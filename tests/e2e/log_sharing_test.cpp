// The log is safe to share and to parse: whole lines from many processes, JSON on every line
// with --log json, and one run id per invocation.

#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <sstream>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

namespace {

// Every line of `text`, which must end with a newline.
std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

// The one JSON line of stderr, which must be all there is.
nlohmann::json only_event(const std::string& err) {
    INFO(err);
    const std::vector<std::string> lines = lines_of(err);
    REQUIRE(lines.size() == 1);
    REQUIRE(err.ends_with('\n'));
    return nlohmann::json::parse(lines[0]);
}

}  // namespace

TEST_CASE("twenty runs appending to one file never merge their lines", "[log]") {
    ScriptedServer server({{503, {}, "busy"}});
    TempDir dir;
    const std::string log_file = dir.file("shared.jsonl");
    constexpr int kRuns = 20;
    constexpr int kRetries = 9;  // ten attempt lines and a result line per run
    // The shell opens the file with O_APPEND (2>>) for each run and starts all of them at once.
    const std::string command = "for i in $(seq " + std::to_string(kRuns) + "); do '" +
                                rfetch_binary() + "' '" + server.url() +
                                "' --log json --delay 0 --retries " + std::to_string(kRetries) +
                                " >/dev/null 2>>'" + log_file + "' & done; wait";

    const ProcessResult shell = run_process("/bin/sh", {"-c", command});

    REQUIRE(shell.exit_code == 0);
    const std::string text = read_file(log_file);
    CHECK(text.ends_with('\n'));
    const std::vector<std::string> lines = lines_of(text);
    CHECK(lines.size() == static_cast<std::size_t>(kRuns * (kRetries + 2)));
    std::set<std::string> run_ids;
    for (const std::string& line : lines) {
        INFO(line);
        const auto event = nlohmann::json::parse(line, nullptr, false);
        REQUIRE_FALSE(event.is_discarded());
        REQUIRE(event.is_object());
        run_ids.insert(event.value("run_id", ""));
    }
    CHECK(run_ids.size() == static_cast<std::size_t>(kRuns));
}

TEST_CASE("with --log json, a usage error is one JSON error event with exit status 2", "[log]") {
    const auto [name, args] = GENERATE(table<std::string, std::vector<std::string>>({
        {"an unknown flag", {"--log", "json", "--bogus", "http://127.0.0.1:1/"}},
        {"a flag without its value", {"--log=json", "--retries"}},
        {"a bad value", {"--log", "json", "--retries", "lots", "http://127.0.0.1:1/"}},
        {"no URL", {"--log", "json"}},
    }));
    INFO(name);

    const ProcessResult run = run_rfetch(args);

    CHECK(run.exit_code == 2);
    const nlohmann::json event = only_event(run.err);
    CHECK(event["event"] == "error");
    CHECK(event["exit_code"] == 2);
    CHECK_FALSE(event["message"].get<std::string>().empty());
    CHECK_THAT(event["run_id"].get<std::string>(), Catch::Matches("[0-9a-f]{16}"));
    CHECK(event["schema_version"] == 1);
}

TEST_CASE("with --log json, an output that cannot be written is a JSON error event with 23",
          "[log]") {
    const ProcessResult run =
        run_rfetch({"--log", "json", "-o", "/proc/sys/kernel/osrelease", "http://127.0.0.1:1/"});

    CHECK(run.exit_code == 23);
    const nlohmann::json event = only_event(run.err);
    CHECK(event["event"] == "error");
    CHECK(event["exit_code"] == 23);
    CHECK_THAT(event["message"].get<std::string>(), Catch::Contains("/proc/sys/kernel/osrelease"));
}

TEST_CASE("a config file's log = json makes its usage errors JSON too", "[log]") {
    TempDir dir;
    write_file(dir.file("config.toml"), "log = \"json\"\nretries = 3\n");
    ProcessOptions options;
    options.environment = {"RFETCH_CONFIG=" + dir.file("config.toml")};

    const ProcessResult run = run_rfetch({"--delay", "soon", "http://127.0.0.1:1/"}, options);

    CHECK(run.exit_code == 2);
    CHECK(only_event(run.err)["event"] == "error");
}

TEST_CASE("without --log json a usage error stays a plain line, also for a bad --log", "[log]") {
    const auto args = GENERATE(std::vector<std::string>{"--bogus", "http://127.0.0.1:1/"},
                               std::vector<std::string>{"--log", "jsn", "http://127.0.0.1:1/"});

    const ProcessResult run = run_rfetch(args);

    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::StartsWith("rfetch: ") && Catch::EndsWith("\n"));
    CHECK(lines_of(run.err).size() == 1);
}

TEST_CASE("with --log json, a state warning is a JSON warning event", "[log]") {
    ScriptedServer server({{200, {}, "ok"}});
    TempDir dir;
    std::filesystem::create_directories(dir.file("state"));
    const std::string state_file =
        dir.file("state") + "/http_127.0.0.1_" + std::to_string(server.port()) + ".json";
    write_file(state_file, "{\"origin\": \"http://12");
    ProcessOptions options;
    options.environment = {"RFETCH_STATE_DIR=" + dir.file("state")};

    const ProcessResult run =
        run_rfetch({server.url(), "--retry-budget", "10:0.1", "--log", "json"}, options);

    CHECK(run.exit_code == 0);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.other_lines.empty());
    REQUIRE(log.events.size() == 3);
    const nlohmann::json& warning = log.events[0];
    CHECK(warning["event"] == "warning");
    CHECK_THAT(warning["message"].get<std::string>(), Catch::Contains("corrupt"));
    CHECK(warning["run_id"] == log.result()["run_id"]);
}

TEST_CASE("every line of a run carries its run id, fresh for each run even with one seed",
          "[log]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "ok"}});
    const std::vector<std::string> args{server.url(), "--seed", "7", "--delay", "10ms"};

    const AttemptLog first = parse_attempt_log(run_rfetch(args).err);
    const AttemptLog second = parse_attempt_log(run_rfetch(args).err);

    REQUIRE(first.events.size() == 3);
    const std::string id = first.events[0]["run_id"];
    CHECK_THAT(id, Catch::Matches("[0-9a-f]{16}"));
    for (const nlohmann::json& event : first.events) {
        CHECK(event["run_id"] == id);
        CHECK(event["schema_version"] == 1);
    }
    REQUIRE_FALSE(second.events.empty());
    CHECK(second.events[0]["run_id"] != id);
}

TEST_CASE(
    "the result event says when the run ended, where the response came from, over which "
    "HTTP version, and how many body bytes arrived",
    "[log]") {
    ScriptedServer target({{503, {}, "busy!"}, {200, {}, "hello"}});
    ScriptedServer origin({{302, {{"Location", target.url("/final?token=s3cret")}}, ""}});

    const ProcessResult run = run_rfetch({origin.url("/start"), "-L", "--delay", "10ms"});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "hello");
    const AttemptLog log = parse_attempt_log(run.err);
    const nlohmann::json& result = log.result();
    CHECK(result["effective_url"] ==
          "http://127.0.0.1:" + std::to_string(target.port()) + "/final?token=REDACTED");
    CHECK(result["http_version"] == "1.1");
    // "busy!" in the first attempt, "hello" in the second; the redirect's empty body adds none.
    CHECK(result["bytes_received"] == 10);
    CHECK(result["bytes_written"] == 5);
    CHECK_THAT(result["ts"].get<std::string>(),
               Catch::Matches(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"));
    CHECK(result["ts"].get<std::string>() >= log.attempts.back()["ts"].get<std::string>());
}

TEST_CASE("with --log json, an internal error is a JSON error event with exit status 70", "[log]") {
    // With too few file descriptors rfetch cannot make its signal pipe, an internal error. How
    // few the loader (and a sanitizer's runtime) leave room for varies, so try the smallest
    // limits in turn.
    const auto run_with_limit = [](int limit, const std::string& log) {
        return run_process(
            "/bin/sh", {"-c", "ulimit -n " + std::to_string(limit) + "; exec '" + rfetch_binary() +
                                  "' --log " + log + " http://127.0.0.1:1/"});
    };
    int limit = 4;
    ProcessResult run;
    for (; limit <= 12; ++limit) {
        run = run_with_limit(limit, "json");
        if (run.exit_code == 70) {
            break;
        }
    }
    INFO("ulimit -n " << limit << ": " << run.err);
    REQUIRE(run.exit_code == 70);

    const nlohmann::json event = only_event(run.err);
    CHECK(event["event"] == "error");
    CHECK(event["exit_code"] == 70);
    CHECK_THAT(event["message"].get<std::string>(), Catch::StartsWith("internal error: "));

    const ProcessResult text = run_with_limit(limit, "text");
    CHECK(text.exit_code == 70);
    CHECK_THAT(text.err, Catch::StartsWith("rfetch: internal error: "));
}
