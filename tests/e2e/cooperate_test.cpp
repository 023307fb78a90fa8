// --cooperate as a fleet of rfetch processes sees it: runs that share a state directory take
// turns at probing a failing origin, wait for each other, and go as a ramp once it recovers.

#include <catch2/catch.hpp>
#include <csignal>
#include <thread>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;
using namespace std::chrono_literals;

namespace {

ProcessOptions in_state_dir(const TempDir& dir) {
    ProcessOptions options;
    options.environment = {"RFETCH_STATE_DIR=" + dir.file("state")};
    return options;
}

std::vector<ProcessResult> run_at_once(int runs, const std::vector<std::string>& args,
                                       const ProcessOptions& options) {
    std::vector<ProcessResult> results(static_cast<std::size_t>(runs));
    std::vector<std::thread> threads;
    for (int i = 0; i < runs; ++i) {
        threads.emplace_back(
            [&, i] { results[static_cast<std::size_t>(i)] = run_rfetch(args, options); });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    return results;
}

std::vector<nlohmann::json> events_named(const AttemptLog& log, const std::string& name) {
    std::vector<nlohmann::json> found;
    for (const auto& event : log.events) {
        if (event.value("event", "") == name) {
            found.push_back(event);
        }
    }
    return found;
}

// The most requests that arrived while an earlier one was still being answered, among those
// that arrived from `from` on: each 503 is held `held` before it is sent.
int overlapping(const std::vector<SeenRequest>& seen, Clock::time_point from,
                std::chrono::milliseconds held) {
    int most = 0;
    for (std::size_t i = 0; i < seen.size(); ++i) {
        if (seen[i].arrived < from) {
            continue;
        }
        int during = 0;
        for (std::size_t j = 0; j < i; ++j) {
            if (seen[j].arrived >= from && seen[i].arrived < seen[j].arrived + held) {
                ++during;
            }
        }
        most = std::max(most, during);
    }
    return most;
}

}  // namespace

TEST_CASE("cooperating runs send one probe at a time to a failing origin, then all succeed",
          "[cooperate]") {
    constexpr int kRuns = 8;
    constexpr int kFailures = 14;
    constexpr auto kHeld = 100ms;
    std::vector<ScriptedReply> script(kFailures, ScriptedReply{503, {}, "down", kHeld});
    script.push_back({200, {}, "up"});
    ScriptedServer server(script);
    TempDir dir;

    const auto runs =
        run_at_once(kRuns,
                    {server.url(), "--cooperate", "--retries", "30", "--delay", "10ms",
                     "--max-delay", "20ms", "--deadline", "30s", "--log", "json"},
                    in_state_dir(dir));

    const auto seen = server.requests();
    REQUIRE(seen.size() >= kFailures + 1);
    int attempts = 0;
    int waits = 0;
    for (const auto& run : runs) {
        INFO(run.err);
        CHECK(run.exit_code == 0);
        CHECK(run.out == "up");
        const AttemptLog log = parse_attempt_log(run.err);
        attempts += log.result()["attempts"].get<int>();
        for (const auto& wait : events_named(log, "wait")) {
            ++waits;
            CHECK(wait["waited_ms"].get<int>() >= 0);
        }
    }
    // Every request came from an attempt the runs counted, and each run succeeded at once once
    // the origin recovered: the failures the script holds, then one success a run.
    CHECK(attempts == static_cast<int>(seen.size()));
    CHECK(seen.size() == kFailures + kRuns);
    CHECK(waits > 0);
    // The probe that saw the recovery started the ramp, and every other run took a place in it.
    const ProcessResult shown = run_rfetch({"--state"}, in_state_dir(dir));
    const auto state = nlohmann::json::parse(shown.out);
    const auto& cooperation =
        state["http://127.0.0.1:" + std::to_string(server.port())]["cooperation"];
    CHECK(cooperation["phase"] == "ramp");
    CHECK(cooperation["ramp_taken"] == kRuns - 1);
    // Once the first failure is known (it arrives after kHeld), only the probe reaches the
    // origin: no request arrives while another is still being answered, until the recovery.
    // Without --cooperate eight runs retrying every 10-20 ms overlap all the time.
    const auto first_known = seen.front().arrived + kHeld + 150ms;
    std::vector<SeenRequest> failing(seen.begin(), seen.begin() + kFailures);
    CHECK(overlapping(failing, first_known, kHeld) == 0);
}

TEST_CASE("a probe killed while holding its lease holds the others only until the lease ends",
          "[cooperate]") {
    // The first request fails; the probe's request is held far longer than its lease.
    ScriptedServer server({{503, {}, "down"}, {503, {}, "stuck", 20'000ms}, {200, {}, "up"}});
    TempDir dir;
    const std::vector<std::string> args{server.url(), "--cooperate", "--timeout",   "1500ms",
                                        "--delay",    "10ms",        "--max-delay", "10ms",
                                        "--log",      "json"};

    ProcessOptions killing = in_state_dir(dir);
    killing.signal = SIGKILL;
    killing.signal_when = [&server](const std::string&) { return server.request_count() >= 2; };
    const ProcessResult killed = run_rfetch(args, killing);
    REQUIRE(killed.died_of_signal == SIGKILL);
    const auto lease_taken = server.requests().at(1).arrived;

    const ProcessResult next = run_rfetch(args, in_state_dir(dir));
    INFO(next.err);
    CHECK(next.exit_code == 0);
    CHECK(next.out == "up");
    const AttemptLog log = parse_attempt_log(next.err);
    const auto waits = events_named(log, "wait");
    REQUIRE(!waits.empty());
    CHECK(waits.front()["why"] == "probe_in_flight");
    CHECK(waits.front()["prober"].is_string());
    CHECK(log.result()["attempts"] == 1);
    // It went once the 1.5 s lease ran out, not after the 20 s the stuck request holds.
    const auto seen = server.requests();
    REQUIRE(seen.size() == 3);
    CHECK(seen[2].arrived - lease_taken >= 1400ms);
    CHECK(seen[2].arrived - lease_taken < 5'000ms);
}

TEST_CASE("a run that waits for the origin stays within its deadline and sends nothing",
          "[cooperate]") {
    // -v puts an observer of its own in front of the log: the wait must still reach it.
    const std::vector<std::string> verbosity =
        GENERATE(std::vector<std::string>{}, std::vector<std::string>{"-v"});
    ScriptedServer server({{503, {}, "down"}, {503, {}, "stuck", 5'000ms}, {200, {}, "up"}});
    TempDir dir;
    ProcessOptions killing = in_state_dir(dir);
    killing.signal = SIGKILL;
    killing.signal_when = [&server](const std::string&) { return server.request_count() >= 2; };
    run_rfetch({server.url(), "--cooperate", "--delay", "10ms", "--log", "json"}, killing);
    REQUIRE(server.request_count() == 2);

    std::vector<std::string> args{server.url(), "--cooperate", "--deadline",
                                  "400ms",      "--log",       "json"};
    args.insert(args.end(), verbosity.begin(), verbosity.end());
    const ProcessResult waiting = run_rfetch(args, in_state_dir(dir));
    INFO(waiting.err);
    CHECK(waiting.exit_code == 28);
    CHECK(waiting.wall < 3'000ms);
    CHECK(server.request_count() == 2);
    const AttemptLog log = parse_attempt_log(waiting.err);
    CHECK(log.result()["outcome"] == "deadline");
    CHECK(log.result()["attempts"] == 0);
    REQUIRE(events_named(log, "wait").size() == 1);
    CHECK(events_named(log, "wait")[0]["why"] == "probe_in_flight");
}

TEST_CASE("RFETCH_COOPERATE=1 turns cooperation on, and =0 leaves it off", "[cooperate]") {
    ScriptedServer server({{503, {}, "down"}, {503, {}, "stuck", 5'000ms}, {200, {}, "up"}});
    TempDir dir;
    ProcessOptions killing = in_state_dir(dir);
    killing.signal = SIGKILL;
    killing.signal_when = [&server](const std::string&) { return server.request_count() >= 2; };
    run_rfetch({server.url(), "--cooperate", "--delay", "10ms"}, killing);
    REQUIRE(server.request_count() == 2);

    ProcessOptions on = in_state_dir(dir);
    on.environment.push_back("RFETCH_COOPERATE=1");
    const ProcessResult waited = run_rfetch({server.url(), "--deadline", "300ms"}, on);
    CHECK(waited.exit_code == 28);
    CHECK(server.request_count() == 2);

    ProcessOptions off = in_state_dir(dir);
    off.environment.push_back("RFETCH_COOPERATE=0");
    const ProcessResult went = run_rfetch({server.url(), "--deadline", "3s"}, off);
    CHECK(went.exit_code == 0);
    CHECK(server.request_count() == 3);
}
