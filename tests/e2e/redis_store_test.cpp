// The Redis state store (--state-url) against a real redis-server started by each test: runs
// on two "hosts" (two state directories) share it, and whatever Redis does (down, killed,
// paused, refusing a password, holding a key of the wrong type) the fetch goes on.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <csignal>
#include <filesystem>
#include <string>
#include <thread>

#include "log_events.h"
#include "process.h"
#include "redis_server.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;
using namespace std::chrono_literals;

namespace {

ProcessOptions on_host(const TempDir& dir, const std::string& host) {
    ProcessOptions options;
    options.environment = {"RFETCH_STATE_DIR=" + dir.file(host)};
    return options;
}

std::string key_of(const ScriptedServer& server) {
    return "rfetch:state:http://127.0.0.1:" + std::to_string(server.port());
}

std::vector<nlohmann::json> events_named(const std::string& err, const std::string& name) {
    std::vector<nlohmann::json> found;
    for (const auto& event : parse_attempt_log(err).events) {
        if (event.value("event", "") == name) {
            found.push_back(event);
        }
    }
    return found;
}

// Leaves a probe holding the lease in the store: its first attempt fails, and its second (the
// probe) is held by the server until the process is killed.
void leave_a_killed_probe(const ScriptedServer& server, const std::string& state_url,
                          const std::string& timeout) {
    ProcessOptions killing;
    killing.signal = SIGKILL;
    killing.signal_when = [&server](const std::string&) { return server.request_count() >= 2; };
    const ProcessResult killed = run_rfetch({server.url(), "--cooperate", "--state-url", state_url,
                                             "--timeout", timeout, "--delay", "10ms"},
                                            killing);
    REQUIRE(killed.died_of_signal == SIGKILL);
    REQUIRE(server.request_count() == 2);
}

// Runs rfetch in a mount namespace of its own where `replacement` stands in for the system
// file `path` (/etc/hosts, /etc/resolv.conf); nothing changes for the rest of the machine.
ProcessResult run_rfetch_with_file_over(const std::string& path, const std::string& replacement,
                                        const std::vector<std::string>& args) {
    // $0 is the replacement and $1 the file it covers; the rest is rfetch's command line.
    const std::string bind_then_run = R"(mount --bind "$0" "$1" && shift && exec "$@")";
    std::vector<std::string> command{"--mount", "/bin/sh", "-c", bind_then_run, replacement, path};
    command.push_back(rfetch_binary());
    command.insert(command.end(), args.begin(), args.end());
    return run_process("/usr/bin/unshare", command);
}

// A name server that takes every query and answers none, on port 53 of a loopback address of
// its own, as a resolver meets one on a network that drops its packets. The address is one no
// other test process holds (this test may run in two builds at once): the first of 127.83.x.y
// free from one picked by the process id on.
class SilentNameServer {
  public:
    SilentNameServer() : fd_(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
        REQUIRE(fd_ >= 0);
        const auto pid = static_cast<unsigned>(getpid());
        for (unsigned tries = 0; tries < 256; ++tries) {
            const unsigned host = (pid + tries * 257) % 65536;
            address_ = "127.83." + std::to_string(host / 256) + "." + std::to_string(host % 256);
            sockaddr_in where{};
            where.sin_family = AF_INET;
            where.sin_port = htons(53);
            inet_pton(AF_INET, address_.c_str(), &where.sin_addr);
            if (bind(fd_, reinterpret_cast<const sockaddr*>(&where), sizeof where) == 0) {
                return;
            }
            REQUIRE(errno == EADDRINUSE);
        }
        FAIL("no free port 53 on 127.83.0.0/16");
    }
    ~SilentNameServer() { close(fd_); }
    SilentNameServer(const SilentNameServer&) = delete;
    SilentNameServer& operator=(const SilentNameServer&) = delete;

    const std::string& address() const { return address_; }
    bool was_asked() const {
        char byte = 0;
        return recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT) >= 0;
    }

  private:
    int fd_;
    std::string address_;
};

}  // namespace

TEST_CASE("runs on two hosts that share one Redis probe one at a time and all succeed",
          "[redis][cooperate]") {
    RedisServer redis;
    constexpr int kPerHost = 4;
    constexpr int kFailures = 12;
    constexpr auto kHeld = 100ms;
    std::vector<ScriptedReply> script(kFailures, ScriptedReply{503, {}, "down", kHeld});
    script.push_back({200, {}, "up"});
    ScriptedServer server(script);
    TempDir dir;

    std::vector<ProcessResult> runs(2 * kPerHost);
    std::vector<std::thread> threads;
    for (int i = 0; i < 2 * kPerHost; ++i) {
        threads.emplace_back([&, i] {
            runs[static_cast<std::size_t>(i)] = run_rfetch(
                {server.url(), "--cooperate", "--state-url", redis.unix_url(), "--retries", "30",
                 "--delay", "10ms", "--max-delay", "20ms", "--deadline", "30s", "--log", "json"},
                on_host(dir, i < kPerHost ? "host-a" : "host-b"));
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }

    for (const auto& run : runs) {
        INFO(run.err);
        CHECK(run.exit_code == 0);
        CHECK(run.out == "up");
        CHECK(events_named(run.err, "warning").empty());
    }
    const auto seen = server.requests();
    CHECK(seen.size() == kFailures + 2 * kPerHost);
    // From the first failure on, one request at a time until the recovery, across both hosts.
    const auto from = seen.front().arrived + kHeld + 150ms;
    for (std::size_t i = 1; i < kFailures; ++i) {
        if (seen[i - 1].arrived >= from) {
            CHECK(seen[i].arrived - seen[i - 1].arrived >= kHeld);
        }
    }
    // The state lives in Redis, with a TTL, and in neither host's directory.
    CHECK_FALSE(std::filesystem::exists(dir.file("host-a")));
    CHECK_FALSE(std::filesystem::exists(dir.file("host-b")));
    const long ttl = std::stol(redis.cli({"PTTL", key_of(server)}));
    CHECK(ttl > 0);
    const ProcessResult shown = run_rfetch({"--state", "--state-url", redis.unix_url()});
    REQUIRE(shown.exit_code == 0);
    const auto state = nlohmann::json::parse(shown.out);
    const auto& cooperation =
        state["http://127.0.0.1:" + std::to_string(server.port())]["cooperation"];
    CHECK(cooperation["phase"] == "ramp");
    CHECK(cooperation["ramp_taken"] == 2 * kPerHost - 1);

    CHECK(run_rfetch({"--reset-state", "--state-url", redis.unix_url()}).exit_code == 0);
    CHECK(redis.cli({"EXISTS", key_of(server)}) == "0\n");
}

TEST_CASE(
    "a probe killed while it holds the lease in Redis holds the others only until the "
    "lease ends",
    "[redis][cooperate]") {
    RedisServer redis;
    ScriptedServer server({{503, {}, "down"}, {503, {}, "stuck", 20'000ms}, {200, {}, "up"}});
    leave_a_killed_probe(server, redis.unix_url(), "1500ms");
    const auto lease_taken = server.requests().at(1).arrived;

    const ProcessResult next =
        run_rfetch({server.url(), "--cooperate", "--state-url", redis.unix_url(), "--log", "json"});
    INFO(next.err);
    CHECK(next.exit_code == 0);
    const auto waits = events_named(next.err, "wait");
    REQUIRE_FALSE(waits.empty());
    CHECK(waits.front()["why"] == "probe_in_flight");
    const auto seen = server.requests();
    REQUIRE(seen.size() == 3);
    CHECK(seen[2].arrived - lease_taken >= 1400ms);
    CHECK(seen[2].arrived - lease_taken < 5'000ms);
}

TEST_CASE("a host whose clock runs an hour ahead still honours a lease, by Redis's clock",
          "[redis][cooperate]") {
    RedisServer redis;
    ScriptedServer server({{503, {}, "down"}, {503, {}, "stuck", 20'000ms}, {200, {}, "up"}});
    leave_a_killed_probe(server, redis.unix_url(), "10s");

    ProcessOptions ahead;
    ahead.environment = {"LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
                         "FAKETIME=+1h", "FAKETIME_DONT_FAKE_MONOTONIC=1", "FAKETIME_DONT_RESET=1"};
    // By its own clock the lease ended an hour ago; by Redis's it holds for 10 s.
    const ProcessResult waited =
        run_rfetch({server.url(), "--cooperate", "--state-url", redis.unix_url(), "--deadline",
                    "800ms", "--log", "json"},
                   ahead);
    INFO(waited.err);
    CHECK(waited.exit_code == 28);
    CHECK(server.request_count() == 2);
    // The clock really was an hour ahead: the log's timestamps say so.
    const auto result = parse_attempt_log(waited.err).result();
    const ProcessResult now = run_process("/usr/bin/date", {"-u", "+%Y-%m-%dT%H"});
    CHECK(result["ts"].get<std::string>().substr(0, 13) != now.out.substr(0, 13));
}

TEST_CASE("with Redis down the fetch goes on alone, says so once, and is not held up", "[redis]") {
    ScriptedServer server({{503, {}, "down"}, {503, {}, "down"}, {200, {}, "up"}});
    TempDir dir;
    const ProcessResult run =
        run_rfetch({server.url(), "--cooperate", "--retry-budget", "10:0.1", "--state-url",
                    "unix://" + dir.file("nobody.sock"), "--delay", "10ms", "--log", "json"});
    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "up");
    const auto warnings = events_named(run.err, "warning");
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0]["message"].get<std::string>().find("cannot be reached") != std::string::npos);
    CHECK(run.wall < 3'000ms);
}

TEST_CASE("a Redis that stops answering holds no command longer than --state-timeout", "[redis]") {
    RedisServer redis;
    ScriptedServer server({{503, {}, "down"}, {200, {}, "up"}});
    redis.pause();
    const ProcessResult run =
        run_rfetch({server.url(), "--cooperate", "--state-url", redis.unix_url(), "--state-timeout",
                    "50ms", "--delay", "10ms", "--log", "json"});
    redis.resume();
    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(events_named(run.err, "warning").size() == 1);
    // One command waited 50 ms; after that the store is left alone for a second. A command
    // with no time limit would wait for Redis until the test resumed it; the bound leaves room
    // for a slow start and exit.
    CHECK(run.wall < 2'500ms);
}

TEST_CASE(
    "Redis killed mid-run and restarted: the run goes on, and shares state again once "
    "it is back",
    "[redis][cooperate]") {
    RedisServer redis;
    std::vector<ScriptedReply> script(8, ScriptedReply{503, {}, "down", 100ms});
    script.push_back({200, {}, "up"});
    ScriptedServer server(script);
    ProcessOptions options;
    bool restarted = false;
    options.signal = SIGCONT;  // harmless: only the moment matters
    options.signal_when = [&](const std::string&) {
        if (server.request_count() >= 2 && !restarted) {
            redis.kill();
            redis.start();
            restarted = true;
        }
        return restarted;
    };
    const ProcessResult run = run_rfetch(
        {server.url(), "--cooperate", "--state-url", redis.unix_url(), "--retries", "20", "--delay",
         "300ms", "--max-delay", "300ms", "--jitter", "none", "--log", "json"},
        options);
    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "up");
    CHECK(events_named(run.err, "warning").size() <= 1);
    // The restarted Redis started empty; the run wrote its state there again.
    CHECK(redis.cli({"EXISTS", key_of(server)}) == "1\n");
}

TEST_CASE("a Redis name that no name server answers holds the fetch no longer than connecting may",
          "[redis]") {
    SilentNameServer name_server;
    TempDir dir;
    write_file(dir.file("resolv.conf"),
               "nameserver " + name_server.address() + "\noptions timeout:5 attempts:1\n");
    ScriptedServer server({{503, {}, "down"}, {200, {}, "up"}});

    const ProcessResult run = run_rfetch_with_file_over(
        "/etc/resolv.conf", dir.file("resolv.conf"),
        {server.url(), "--cooperate", "--state-url", "redis://redis.example:6379",
         "--state-timeout", "100ms", "--delay", "10ms", "--log", "json"});
    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "up");
    CHECK(name_server.was_asked());
    const auto warnings = events_named(run.err, "warning");
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0]["message"].get<std::string>().find("did not resolve within 200 ms") !=
          std::string::npos);
    // The resolver alone would wait 5 s for the name server.
    CHECK(run.wall < 2'500ms);
}

TEST_CASE("a Redis name whose first address is IPv6 still reaches a Redis on IPv4 only",
          "[redis]") {
    RedisServer redis({.tcp = true, .password = {}});
    TempDir dir;
    write_file(dir.file("hosts"), "::1 redis-dual.test\n127.0.0.1 redis-dual.test\n");
    ScriptedServer server({{503, {}, "down"}, {200, {}, "up"}});

    const ProcessResult run =
        run_rfetch_with_file_over("/etc/hosts", dir.file("hosts"),
                                  {server.url(), "--cooperate", "--state-url",
                                   "redis://redis-dual.test:" + std::to_string(redis.port()),
                                   "--delay", "10ms", "--log", "json"});
    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "up");
    CHECK(events_named(run.err, "warning").empty());
    CHECK(redis.cli({"EXISTS", key_of(server)}) == "1\n");
}

TEST_CASE("a wrong password is reported without the password, and the fetch goes on", "[redis]") {
    RedisServer redis({true, "right-secret"});
    ScriptedServer server({{200, {}, "up"}});
    const std::string url = "redis://:wrong-secret@127.0.0.1:" + std::to_string(redis.port());
    const ProcessResult run =
        run_rfetch({server.url(), "--cooperate", "--state-url", url, "--log", "json"});
    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "up");
    const auto warnings = events_named(run.err, "warning");
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0]["message"].get<std::string>().find("refused the password") !=
          std::string::npos);
    CHECK(run.err.find("wrong-secret") == std::string::npos);
    CHECK(run.out.find("wrong-secret") == std::string::npos);

    // The right password works, and is not written either.
    const std::string right = "redis://:right-secret@127.0.0.1:" + std::to_string(redis.port());
    const ProcessResult good =
        run_rfetch({server.url(), "--cooperate", "--state-url", right, "--log", "json"});
    CHECK(good.exit_code == 0);
    CHECK(events_named(good.err, "warning").empty());
    CHECK(good.err.find("right-secret") == std::string::npos);
    CHECK(redis.cli({"EXISTS", key_of(server)}) == "1\n");
}

TEST_CASE("a key of the wrong type is reported and left alone, and the fetch goes on", "[redis]") {
    RedisServer redis;
    ScriptedServer server({{503, {}, "down"}, {200, {}, "up"}});
    redis.cli({"HSET", key_of(server), "not", "rfetch's"});
    const ProcessResult run = run_rfetch({server.url(), "--cooperate", "--state-url",
                                          redis.unix_url(), "--delay", "10ms", "--log", "json"});
    INFO(run.err);
    CHECK(run.exit_code == 0);
    const auto warnings = events_named(run.err, "warning");
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0]["message"].get<std::string>().find("WRONGTYPE") != std::string::npos);
    CHECK(redis.cli({"TYPE", key_of(server)}) == "hash\n");
}

TEST_CASE("a state URL that cannot be used is a usage error naming the flag, with no password",
          "[redis][usage]") {
    ScriptedServer server({{200, {}, "up"}});
    const std::string url =
        GENERATE("ftp://127.0.0.1/", "redis://127.0.0.1:99999", "redis://", "redis://:p4ss@:6379",
                 "redis://u:p4ss@host:port", "redis://host/notanumber", "unix://",
                 "rediss://host:6380", "redis://u:p4ss@host:0");
    const ProcessResult run =
        run_rfetch({server.url(), "--cooperate", "--state-url", url, "--log", "json"});
    INFO(run.err);
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("--state-url") != std::string::npos);
    CHECK(run.err.find("p4ss") == std::string::npos);
    CHECK(server.request_count() == 0);

    const ProcessResult timeout = run_rfetch({server.url(), "--state-timeout", "0"});
    CHECK(timeout.exit_code == 2);
    CHECK(timeout.err.find("--state-timeout") != std::string::npos);

    ProcessOptions from_environment;
    from_environment.environment = {"RFETCH_STATE_URL=" + url};
    const ProcessResult env = run_rfetch({server.url(), "--cooperate"}, from_environment);
    CHECK(env.exit_code == 2);
    CHECK(env.err.find("p4ss") == std::string::npos);
    CHECK(server.request_count() == 0);
}

TEST_CASE("an adaptive pace (--rate auto) is kept in Redis, with a TTL, for runs on two hosts",
          "[redis][adaptive]") {
    RedisServer redis;
    ScriptedServer server({{429, {}, "slow down"}, {200, {}, "ok"}});
    TempDir dir;

    const ProcessResult first = run_rfetch(
        {server.url(), "--rate", "auto", "--state-url", redis.unix_url(), "--delay", "10ms"},
        on_host(dir, "host-a"));
    CHECK(first.exit_code == 0);
    const nlohmann::json stored = nlohmann::json::parse(redis.cli({"GET", key_of(server)}));
    CHECK(stored["adaptive_rate"]["phase"] == "cubic");
    CHECK(stored["adaptive_rate"]["last_max_rate"].get<double>() == Approx(10.0));
    const long long ttl = std::stoll(redis.cli({"PTTL", key_of(server)}));
    CHECK(ttl > 0);
    CHECK(ttl <= 24 * 3600 * 1000);

    // The other host draws on the same bucket: at about 7 a second, its token is some way off.
    const ProcessResult second = run_rfetch(
        {server.url(), "--rate", "auto", "--state-url", redis.unix_url()}, on_host(dir, "host-b"));
    CHECK(second.exit_code == 0);
    REQUIRE(server.request_count() == 3);
    const auto seen = server.requests();
    CHECK(seen[2].arrived - seen[1].arrived >= 50ms);
}
