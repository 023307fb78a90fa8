// The waits between attempts, read from the log: --seed reproduces them, and each jitter
// mode stays inside the bounds issue 2 gives for it.

#include <algorithm>
#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"

using namespace rfetch::test;

namespace {

std::vector<long long> delays_of(const ProcessResult& run) {
    std::vector<long long> delays;
    for (const nlohmann::json& attempt : parse_attempt_log(run.err).attempts) {
        if (attempt.contains("delay_ms")) {
            delays.push_back(attempt["delay_ms"].get<long long>());
        }
    }
    return delays;
}

std::vector<long long> run_against_503(const std::vector<std::string>& policy) {
    ScriptedServer server({{503, {}, "busy"}});
    std::vector<std::string> args{server.url()};
    args.insert(args.end(), policy.begin(), policy.end());
    const ProcessResult run = run_rfetch(args);
    REQUIRE(run.exit_code == 22);
    return delays_of(run);
}

// The ceiling before retry n: min(max-delay, delay * multiplier^(n-1)).
long long ceiling(long long delay, double multiplier, long long max_delay, int retry) {
    double grown = static_cast<double>(delay);
    for (int i = 1; i < retry; ++i) {
        grown *= multiplier;
    }
    return std::min(max_delay, static_cast<long long>(grown));
}

}  // namespace

TEST_CASE("the same seed (--seed) gives the same waits", "[jitter]") {
    const std::vector<std::string> policy{"--retries",   "5",    "--delay",  "20ms",
                                          "--max-delay", "80ms", "--jitter", "full"};
    auto seeded = [&](const std::string& seed) {
        std::vector<std::string> args = policy;
        args.insert(args.end(), {"--seed", seed});
        return run_against_503(args);
    };

    const std::vector<long long> first = seeded("42");
    const std::vector<long long> second = seeded("42");
    const std::vector<long long> other = seeded("43");

    REQUIRE(first.size() == 5);
    CHECK(first == second);
    // Five draws from 0..80 ms agreeing by chance is vanishingly unlikely.
    CHECK(first != other);
}

TEST_CASE("the result event reports the seed that was used", "[jitter]") {
    ScriptedServer server({{200, {}, "ok"}});
    const ProcessResult run = run_rfetch({server.url(), "--seed", "12345"});
    CHECK(run.exit_code == 0);
    CHECK(parse_attempt_log(run.err).result()["seed"] == 12345);
}

TEST_CASE("no jitter (--jitter none) waits exactly delay times multiplier^(n-1)", "[jitter]") {
    const std::vector<long long> delays = run_against_503(
        {"--retries", "3", "--jitter", "none", "--delay", "20ms", "--multiplier", "2"});
    CHECK(delays == std::vector<long long>{20, 40, 80});
}

TEST_CASE("no jitter (--jitter none) stops growing at --max-delay", "[jitter]") {
    const std::vector<long long> delays =
        run_against_503({"--retries", "4", "--jitter", "none", "--delay", "10ms", "--multiplier",
                         "3", "--max-delay", "50ms"});
    CHECK(delays == std::vector<long long>{10, 30, 50, 50});
}

TEST_CASE("full and equal jitter stay within their bounds", "[jitter]") {
    const long long delay = 10;
    const double multiplier = 2;
    const long long max_delay = 60;
    const std::string mode = GENERATE(as<std::string>{}, "full", "equal");
    for (const std::string seed : {"1", "2", "3"}) {
        const std::vector<long long> delays =
            run_against_503({"--retries", "4", "--jitter", mode, "--delay", "10ms", "--multiplier",
                             "2", "--max-delay", "60ms", "--seed", seed});
        REQUIRE(delays.size() == 4);
        for (int retry = 1; retry <= 4; ++retry) {
            const long long cap = ceiling(delay, multiplier, max_delay, retry);
            const long long wait = delays[static_cast<std::size_t>(retry - 1)];
            INFO(mode << " seed " << seed << " retry " << retry << " wait " << wait);
            // full: uniform[0, cap]; equal: cap/2 + uniform[0, cap/2].
            CHECK(wait >= (mode == "equal" ? cap / 2 : 0));
            CHECK(wait <= cap);
        }
    }
}

TEST_CASE("decorrelated jitter stays between delay and 3x the previous wait", "[jitter]") {
    const long long delay = 10;
    const long long max_delay = 60;
    for (const std::string seed : {"1", "2", "3"}) {
        const std::vector<long long> delays =
            run_against_503({"--retries", "4", "--jitter", "decorrelated", "--delay", "10ms",
                             "--max-delay", "60ms", "--seed", seed});
        REQUIRE(delays.size() == 4);
        long long previous = delay;  // the previous wait starts at --delay
        for (const long long wait : delays) {
            INFO("seed " << seed << " wait " << wait << " previous " << previous);
            CHECK(wait >= std::min(delay, max_delay));
            CHECK(wait <= std::min(max_delay, 3 * previous));
            previous = wait;
        }
    }
}
