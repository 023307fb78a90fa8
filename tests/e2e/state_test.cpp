// The retry budget and the circuit breaker as a script running many rfetch processes sees them:
// state that holds across runs and across processes running at once.

#include <catch2/catch.hpp>
#include <filesystem>
#include <thread>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

namespace {

ProcessOptions in_state_dir(const TempDir& dir) {
    ProcessOptions options;
    options.environment = {"RFETCH_STATE_DIR=" + dir.file("state")};
    return options;
}

std::string origin_of(const ScriptedServer& server) {
    return "http://127.0.0.1:" + std::to_string(server.port());
}

std::string state_file(const TempDir& dir, const ScriptedServer& server) {
    return dir.file("state") + "/http_127.0.0.1_" + std::to_string(server.port()) + ".json";
}

nlohmann::json show_state(const TempDir& dir) {
    const ProcessResult shown = run_rfetch({"--state"}, in_state_dir(dir));
    REQUIRE(shown.exit_code == 0);
    INFO(shown.out);
    return nlohmann::json::parse(shown.out);
}

// Waits, with a generous limit, until the server has seen `count` requests.
bool wait_for_requests(const ScriptedServer& server, std::size_t count) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (server.request_count() < count) {
        if (std::chrono::steady_clock::now() > give_up) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

}  // namespace

TEST_CASE("twenty runs at once against a failing origin share one retry budget", "[state]") {
    constexpr int kRuns = 20;
    constexpr int kRetries = 5;
    ScriptedServer server({{503, {}, "down"}});
    TempDir dir;

    std::vector<ProcessResult> runs(kRuns);
    std::vector<std::thread> threads;
    for (int i = 0; i < kRuns; ++i) {
        threads.emplace_back([&, i] {
            runs[i] = run_rfetch(
                {server.url(), "--retry-budget", "10:0.1", "--retries", std::to_string(kRetries),
                 "--delay", "20ms", "--max-delay", "20ms", "--jitter", "none"},
                in_state_dir(dir));
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }

    // Without a budget: 20 runs x 6 attempts = 120 requests. With 10:0.1 every failed attempt
    // takes a token and a retry needs more than 5 left afterwards, so only the failures that
    // leave 9, 8, 7 and 6 tokens earn a retry: 4 retries in all, however the runs interleave.
    // Every run's first attempt still goes out.
    const std::size_t seen = server.request_count();
    CHECK(seen >= kRuns);
    CHECK(seen <= kRuns + 4);
    CHECK(seen < (kRetries + 1) * kRuns / 4);

    std::size_t logged = 0;
    int refused = 0;
    for (const ProcessResult& run : runs) {
        CHECK(run.exit_code == 22);  // the failure's own exit status
        const AttemptLog log = parse_attempt_log(run.err);
        CHECK(log.other_lines.empty());
        logged += log.attempts.size();
        refused += log.attempts.back()["reason"] == "retry budget exhausted" ? 1 : 0;
    }
    CHECK(logged == seen);
    CHECK(refused >= kRuns - 4);

    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.file("state"))) {
        if (entry.path().extension() == ".json") {
            ++files;
            const auto stored = nlohmann::json::parse(read_file(entry.path().string()));
            CHECK(stored["origin"] == origin_of(server));
            CHECK(stored["retry_budget"]["tokens"] == 0.0);
        }
    }
    CHECK(files == 1);
}

TEST_CASE("a corrupt state file costs one line on stderr and the run goes on", "[state]") {
    ScriptedServer server({{503, {}, "down"}, {200, {}, "ok"}});
    TempDir dir;
    std::filesystem::create_directories(dir.file("state"));
    write_file(state_file(dir, server), "{\"origin\": \"http://12");

    const ProcessResult run = run_rfetch(
        {server.url(), "--retry-budget", "10:0.1", "--delay", "10ms"}, in_state_dir(dir));

    CHECK(run.exit_code == 0);
    CHECK(run.out == "ok");
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.other_lines.size() == 1);
    CHECK_THAT(log.other_lines[0], Catch::Contains(state_file(dir, server)));
    CHECK_THAT(log.other_lines[0], Catch::Contains("corrupt"));
    CHECK(log.attempts.size() == 2);
    // Read as empty (10 tokens), then one failure and one success.
    const auto stored = nlohmann::json::parse(read_file(state_file(dir, server)));
    CHECK(stored["retry_budget"]["tokens"] == 9.1);
}

TEST_CASE("the breaker opens, fails fast without a request, lets one probe through and closes",
          "[state]") {
    using std::chrono::milliseconds;
    // The probe's answer is held for 3 s: the run started meanwhile must find the probe still
    // out, and a sanitized rfetch on a busy machine has taken a second to start.
    ScriptedServer server({{503, {}, "down"},
                           {503, {}, "down"},
                           {200, {}, "probe", milliseconds(3000)},
                           {200, {}, "ok"}});
    TempDir dir;
    const std::vector<std::string> args{server.url(), "--circuit-breaker", "2:2s", "--retries",
                                        "0"};

    CHECK(run_rfetch(args, in_state_dir(dir)).exit_code == 22);
    CHECK(run_rfetch(args, in_state_dir(dir)).exit_code == 22);
    const auto opened = std::chrono::steady_clock::now();

    const ProcessResult refused = run_rfetch(args, in_state_dir(dir));
    CHECK(refused.exit_code == 75);
    CHECK(refused.out.empty());
    CHECK(server.request_count() == 2);
    const AttemptLog log = parse_attempt_log(refused.err);
    CHECK(log.attempts.empty());
    CHECK(log.result()["outcome"] == "circuit_open");
    CHECK(log.result()["attempts"] == 0);
    CHECK(log.result()["exit_code"] == 75);
    CHECK(log.result()["circuit_open_ms"] > 0);
    CHECK(log.result()["circuit_open_ms"] <= 2000);
    CHECK(show_state(dir)[origin_of(server)]["circuit_breaker"]["state"] == "open");

    std::this_thread::sleep_until(opened + milliseconds(2200));
    ProcessResult probe;
    std::thread probing([&] { probe = run_rfetch(args, in_state_dir(dir)); });
    const bool probe_arrived = wait_for_requests(server, 3);
    // While the probe is out, the others still fail fast.
    const ProcessResult meanwhile = run_rfetch(args, in_state_dir(dir));
    probing.join();
    REQUIRE(probe_arrived);
    CHECK(meanwhile.exit_code == 75);
    CHECK(probe.exit_code == 0);
    CHECK(probe.out == "probe");

    const ProcessResult after = run_rfetch(args, in_state_dir(dir));
    CHECK(after.exit_code == 0);
    CHECK(after.out == "ok");
    CHECK(server.request_count() == 4);
    CHECK(show_state(dir)[origin_of(server)]["circuit_breaker"]["state"] == "closed");
}

TEST_CASE("rfetch --state prints every origin as JSON and --reset-state clears one or all",
          "[state]") {
    ScriptedServer first({{503, {}, "down"}});
    ScriptedServer second({{200, {}, "ok"}});
    TempDir dir;
    const std::vector<std::string> shared{"--retry-budget", "10:0.1",    "--circuit-breaker",
                                          "5:30s",          "--retries", "0"};
    std::vector<std::string> args{first.url()};
    args.insert(args.end(), shared.begin(), shared.end());
    CHECK(run_rfetch(args, in_state_dir(dir)).exit_code == 22);
    args[0] = second.url("/path?q=1");
    CHECK(run_rfetch(args, in_state_dir(dir)).exit_code == 0);

    const nlohmann::json state = show_state(dir);
    REQUIRE(state.size() == 2);
    const nlohmann::json& failing = state[origin_of(first)];
    CHECK(failing["retry_budget"]["tokens"] == 9.0);
    CHECK(failing["circuit_breaker"]["state"] == "closed");
    CHECK(failing["circuit_breaker"]["consecutive_failures"] == 1);
    CHECK(failing["circuit_breaker"]["open_until_ms"].is_null());
    CHECK(state[origin_of(second)]["retry_budget"]["tokens"] == 10.0);

    // An origin may be given as any URL of it.
    const ProcessResult one =
        run_rfetch({"--reset-state=" + first.url("/elsewhere")}, in_state_dir(dir));
    CHECK(one.exit_code == 0);
    CHECK(one.out.empty());
    CHECK(show_state(dir).size() == 1);
    CHECK(show_state(dir).contains(origin_of(second)));

    CHECK(run_rfetch({"--reset-state"}, in_state_dir(dir)).exit_code == 0);
    CHECK(show_state(dir) == nlohmann::json::object());
}

TEST_CASE("the config file switches both on, and a bad value is a usage error", "[state]") {
    ScriptedServer server({{503, {}, "down"}});
    TempDir dir;
    write_file(dir.file("config.toml"),
               "retry-budget = \"10:0.1\"\ncircuit-breaker = \"1:1m\"\nretries = 0\n");
    const std::vector<std::string> args{server.url(), "--config", dir.file("config.toml")};

    CHECK(run_rfetch(args, in_state_dir(dir)).exit_code == 22);
    const ProcessResult refused = run_rfetch(args, in_state_dir(dir));
    CHECK(refused.exit_code == 75);
    CHECK(server.request_count() == 1);
    CHECK(show_state(dir)[origin_of(server)]["retry_budget"]["tokens"] == 9.0);

    write_file(dir.file("bad.toml"), "circuit-breaker = \"5\"\n");
    const ProcessResult bad =
        run_rfetch({server.url(), "--config", dir.file("bad.toml")}, in_state_dir(dir));
    CHECK(bad.exit_code == 2);
    CHECK(bad.err ==
          "rfetch: --circuit-breaker: '5' is not N:COOLDOWN: a whole number of failed runs from 1 "
          "to 1000, a colon, and a duration longer than zero (5:30s) (in " +
              dir.file("bad.toml") + ")\n");
    CHECK(server.request_count() == 1);
}

TEST_CASE("without the flags nothing is kept", "[state]") {
    ScriptedServer server({{503, {}, "down"}});
    TempDir dir;
    CHECK(run_rfetch({server.url(), "--retries", "0"}, in_state_dir(dir)).exit_code == 22);
    CHECK_FALSE(std::filesystem::exists(dir.file("state")));
}

TEST_CASE("a spent quota holds the next run's request to the origin until the reset",
          "[state][quota]") {
    TempDir dir;
    ScriptedServer server(
        {{200, {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "2"}}, "first"},
         {200, {}, "second"}});
    const std::vector<std::string> args{"--retry-budget", "10:0.1", server.url()};

    const ProcessResult first = run_rfetch(args, in_state_dir(dir));
    REQUIRE(first.exit_code == 0);
    CHECK(show_state(dir)[origin_of(server)].contains("quota_reset_at_ms"));

    const ProcessResult second = run_rfetch(args, in_state_dir(dir));
    CHECK(second.exit_code == 0);
    CHECK(second.out == "second");
    const auto requests = server.requests();
    REQUIRE(requests.size() == 2);
    const auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(requests[1].arrived -
                                                                           requests[0].arrived);
    CHECK(gap.count() >= 1500);
    CHECK(gap.count() < 4000);
}
