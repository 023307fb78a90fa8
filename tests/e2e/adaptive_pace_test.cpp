// --rate auto: each origin's attempts take tokens from a bucket whose rate drops when the origin
// throttles and grows back, kept with the shared state so that later runs start from it.

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;
using std::chrono::milliseconds;

namespace {

ProcessOptions in_state_dir(const TempDir& dir) {
    ProcessOptions options;
    options.environment = {"RFETCH_STATE_DIR=" + dir.file("state")};
    return options;
}

std::vector<nlohmann::json> waits_of(const AttemptLog& log) {
    std::vector<nlohmann::json> found;
    for (const auto& event : log.events) {
        if (event.value("event", "") == "wait") {
            found.push_back(event);
        }
    }
    return found;
}

nlohmann::json stored_pace(const TempDir& dir, const ScriptedServer& server) {
    const ProcessResult shown = run_rfetch({"--state"}, in_state_dir(dir));
    REQUIRE(shown.exit_code == 0);
    INFO(shown.out);
    const nlohmann::json state = nlohmann::json::parse(shown.out);
    const std::string origin = "http://127.0.0.1:" + std::to_string(server.port());
    REQUIRE(state.contains(origin));
    return state[origin]["adaptive_rate"];
}

}  // namespace

TEST_CASE("an adaptive pace (--rate auto) lets one request go, paces the rest, logs each wait",
          "[adaptive]") {
    TempDir dir;
    ScriptedServer server({{200, {}, "x"}});
    std::vector<std::string> args{"-Z", "--rate", "auto"};
    for (int i = 0; i < 6; ++i) {
        args.push_back(server.url("/" + std::to_string(i)));
    }

    const ProcessResult run = run_rfetch(args, in_state_dir(dir));

    CHECK(run.exit_code == 0);
    CHECK(run.out == "xxxxxx");
    CHECK(server.request_count() == 6);
    // Ten a second at first, growing with each answer: the last goes well after the first.
    CHECK(run.wall >= milliseconds(150));
    CHECK(run.wall < milliseconds(3000));
    const AttemptLog log = parse_attempt_log(run.err);
    const auto waits = waits_of(log);
    REQUIRE(waits.size() >= 4);
    for (const auto& wait : waits) {
        CHECK(wait["why"] == "token");
        CHECK(wait["attempt"] == 1);
        CHECK(wait["waited_ms"].get<long long>() > 0);
        CHECK(wait["waited_ms"].get<long long>() <= 1000);
        CHECK(wait["prober"].is_null());
        CHECK(wait.contains("index"));
    }
}

TEST_CASE("a 429 lowers the origin's rate, which the state keeps for the next run", "[adaptive]") {
    TempDir dir;
    ScriptedServer server({{429, {}, "slow down"}, {200, {}, "ok"}});

    const ProcessResult run =
        run_rfetch(with_fast_retries({"--rate", "auto", server.url()}), in_state_dir(dir));

    CHECK(run.exit_code == 0);
    CHECK(run.out == "ok");
    CHECK(server.request_count() == 2);
    const nlohmann::json pace = stored_pace(dir, server);
    CHECK(pace["phase"] == "cubic");
    // β × the first rate of 10 a second, grown a little by the success that followed.
    CHECK(pace["last_max_rate"].get<double>() == Approx(10.0));
    CHECK(pace["rate"].get<double>() >= 7.0);
    CHECK(pace["rate"].get<double>() < 10.0);
    CHECK(pace["last_throttle_at_us"].is_number_integer());
}

TEST_CASE("a run sharing the state waits for a token the one before it took", "[adaptive]") {
    TempDir dir;
    ScriptedServer server({{200, {}, "ok"}});
    // A fetch with no pace first, so that the gap below is not a cold server's delay in seeing
    // its first request, which a loaded machine once made 70 ms longer than the second's.
    REQUIRE(run_rfetch({server.url(), "--log", "none"}).exit_code == 0);

    const ProcessResult first = run_rfetch({"--rate", "auto", server.url()}, in_state_dir(dir));
    const ProcessResult second = run_rfetch({"--rate", "auto", server.url()}, in_state_dir(dir));

    INFO(first.err);
    INFO(second.err);
    CHECK(first.exit_code == 0);
    CHECK(second.exit_code == 0);
    const std::vector<SeenRequest> seen = server.requests();
    REQUIRE(seen.size() == 3);
    // The bucket held one token at ten a second, a little more after the first answer: the
    // second run's came some 75 ms after the first's, not as soon as its process started.
    CHECK(gap_ms({seen[1], seen[2]}) >= 50);
}

TEST_CASE("a rate that is neither auto nor N/UNIT names --rate and sends nothing", "[adaptive]") {
    ScriptedServer server({{200, {}, "ok"}});
    for (const char* bad : {"Auto", "auto/s", "automatic", ""}) {
        INFO(bad);
        const ProcessResult run = run_rfetch({"--rate", bad, server.url()});
        CHECK(run.exit_code == 2);
        CHECK(run.err.find("--rate") != std::string::npos);
        CHECK(run.err.find("auto") != std::string::npos);
    }
    CHECK(server.request_count() == 0);
}
