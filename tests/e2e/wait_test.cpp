// Waiting the way wait-for-it does, and more: tcp:// targets, several targets in one poll,
// --until-down, --stable and `-- COMMAND`, against services that start late or go away.

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "log_events.h"
#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;
using nlohmann::json;
using std::chrono::milliseconds;

namespace {

const std::string kStarting = R"({"status":"starting"})";
const std::string kReady = R"({"status":"ready"})";

std::string tcp(int port) {
    return "tcp://127.0.0.1:" + std::to_string(port);
}

// A service that starts listening late: it comes to life on a port where nothing listens once
// rfetch's log shows an attempt refused there. A fixed delay would race rfetch's start, which a
// sanitized build on a busy machine can stretch past it.
class LateServer {
  public:
    LateServer(std::vector<RawStep> script, int port) : script_(std::move(script)), port_(port) {}

    /// Options for run_rfetch that start the server. The harness's signal hook sees rfetch's
    /// log as it comes; SIGCONT, which it then sends, does nothing to a running process.
    ProcessOptions starting_once_refused() {
        ProcessOptions options;
        options.signal = SIGCONT;
        options.signal_when = [this](const std::string& err) {
            if (err.find(R"("error":"connect")") == std::string::npos) {
                return false;
            }
            server_ = std::make_unique<RawServer>(script_, port_);
            return true;
        };
        return options;
    }
    RawServer& server() {
        REQUIRE(server_);
        return *server_;
    }

  private:
    std::vector<RawStep> script_;
    int port_;
    std::unique_ptr<RawServer> server_;
};

// Stops a server after `delay`, from a thread of its own: a service that goes down.
class DoomedServer {
  public:
    DoomedServer(std::vector<RawStep> script, milliseconds delay)
        : server_(std::make_unique<RawServer>(std::move(script))),
          port_(server_->port()),
          thread_([this, delay] {
              std::this_thread::sleep_for(delay);
              server_.reset();
          }) {}
    ~DoomedServer() { thread_.join(); }
    DoomedServer(const DoomedServer&) = delete;
    DoomedServer& operator=(const DoomedServer&) = delete;

    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/health"; }

  private:
    std::unique_ptr<RawServer> server_;
    int port_;
    std::thread thread_;
};

const json& summary_of(const AttemptLog& log) {
    REQUIRE_FALSE(log.events.empty());
    REQUIRE(log.events.back()["event"] == "summary");
    return log.events.back();
}

}  // namespace

TEST_CASE("a tcp:// target is ready as soon as a connection is accepted, with nothing sent",
          "[wait][tcp]") {
    RawServer server({RawStep(RawMove::hang, "")});

    const ProcessResult run = run_rfetch({"--interval", "50ms", tcp(server.port())});

    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["status"] == nullptr);
    CHECK(log.attempts[0]["decision"] == "success");
    CHECK(log.attempts[0]["reason"] == "ready (connection accepted)");
    CHECK(log.result()["outcome"] == "success");
    CHECK(log.result()["url"] == tcp(server.port()));
    CHECK(server.connections_once(1) == 1);
    CHECK(server.request_count() == 0);
}

TEST_CASE("a tcp:// target where nothing listens is polled until the deadline, exit 28",
          "[wait][tcp]") {
    const ProcessResult run =
        run_rfetch({"--interval", "100ms", "--deadline", "1s", tcp(unused_port())});

    CHECK(run.exit_code == 28);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() >= 5);
    CHECK(log.attempts[0]["error"] == "connect");
    CHECK(log.attempts[0]["reason"] == "connection refused or unreachable");
    CHECK(log.result()["outcome"] == "deadline");
    CHECK(run.wall >= milliseconds(850));
    CHECK(run.wall < milliseconds(4000));
}

TEST_CASE("a tcp:// target's address is chosen as an HTTP target's: --resolve, --connect-to, -4/-6",
          "[wait][tcp]") {
    RawServer server({RawStep(RawMove::hang, "")});
    const std::string port = std::to_string(server.port());

    const ProcessResult resolved = run_rfetch({"--resolve", "db.invalid:" + port + ":127.0.0.1",
                                               "--deadline", "5s", "tcp://db.invalid:" + port});
    INFO(resolved.err);
    CHECK(resolved.exit_code == 0);
    CHECK(parse_attempt_log(resolved.err).result()["reason"] == "ready (connection accepted)");
    CHECK(server.connections_once(1) == 1);

    const ProcessResult redirected =
        run_rfetch({"--connect-to", "db.invalid:5432:127.0.0.1:" + port, "--deadline", "5s",
                    "tcp://db.invalid:5432"});
    INFO(redirected.err);
    CHECK(redirected.exit_code == 0);
    CHECK(server.connections_once(2) == 2);

    // -6 leaves the name only its IPv4 address, which it may not use: it never resolves.
    const ProcessResult v6 =
        run_rfetch({"-6", "--resolve", "db.invalid:" + port + ":127.0.0.1", "--interval", "100ms",
                    "--deadline", "500ms", "tcp://db.invalid:" + port});
    INFO(v6.err);
    CHECK(v6.exit_code == 28);
    CHECK(parse_attempt_log(v6.err).attempts.front()["error"] == "dns");
    const ProcessResult v4 = run_rfetch({"-4", "--resolve", "db.invalid:" + port + ":127.0.0.1",
                                         "--deadline", "5s", "tcp://db.invalid:" + port});
    CHECK(v4.exit_code == 0);
    CHECK(server.connections_once(3) == 3);
}

TEST_CASE("a tcp:// target that starts listening late is seen within the interval", "[wait][tcp]") {
    const int port = unused_port();
    LateServer late({RawStep(RawMove::hang, "")}, port);

    const ProcessResult run = run_rfetch({"--interval", "100ms", "--deadline", "10s", tcp(port)},
                                         late.starting_once_refused());

    INFO(run.err);
    CHECK(run.exit_code == 0);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() >= 2);
    CHECK(log.attempts.front()["error"] == "connect");
    CHECK(log.attempts.back()["reason"] == "ready (connection accepted)");
    CHECK(late.server().connections_once(1) == 1);
}

TEST_CASE("readiness of a service that starts late is noticed within one interval and 50 ms",
          "[wait][timing]") {
    // Not listening until rfetch has been refused, then 503 {"status":"starting"} for 400 ms
    // from the first request, then 200 {"status":"ready"}. The test's bound is generous for a
    // loaded machine; bench/ measures.
    const int port = unused_port();
    // When the service became ready, and when the first 200 was asked for: the moment rfetch
    // noticed. The end of the run would count its exit as well, which a sanitized build on a
    // busy machine makes slow.
    struct Timeline {
        std::mutex mutex;
        Clock::time_point ready_at{};
        Clock::time_point first_ready_asked{};
    };
    auto timeline = std::make_shared<Timeline>();
    RawStep answer(RawMove::reply, "");
    answer.respond = [timeline](const std::string&) {
        const std::lock_guard lock(timeline->mutex);
        const auto now = Clock::now();
        if (timeline->ready_at == Clock::time_point{}) {
            timeline->ready_at = now + milliseconds(400);
        }
        if (now < timeline->ready_at) {
            return http_response(503, kStarting);
        }
        if (timeline->first_ready_asked == Clock::time_point{}) {
            timeline->first_ready_asked = now;
        }
        return http_response(200, kReady);
    };
    LateServer late({answer}, port);

    const ProcessResult run = run_rfetch(
        {"--until-status", "200", "--until-json", R"(/status == "ready")", "--interval", "200ms",
         "--deadline", "10s", "http://127.0.0.1:" + std::to_string(port) + "/health"},
        late.starting_once_refused());

    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == kReady);
    const AttemptLog log = parse_attempt_log(run.err);
    const auto kinds = log.attempt_field("status");
    CHECK(log.attempts.front()["error"] == "connect");
    CHECK(std::ranges::count(kinds, json(503)) >= 1);
    CHECK(kinds.back() == 200);
    const std::lock_guard lock(timeline->mutex);
    REQUIRE(timeline->first_ready_asked != Clock::time_point{});
    const auto noticed = timeline->first_ready_asked - timeline->ready_at;
    CHECK(noticed < milliseconds(200 + 500));
}

TEST_CASE("several targets are polled at once, and the wait ends when all are ready",
          "[wait][many]") {
    ScriptedServer slow({{503, {}, "starting"}, {503, {}, "starting"}, {200, {}, "up"}});
    ScriptedServer quick({{200, {}, "up"}});
    RawServer port({RawStep(RawMove::hang, "")});

    // No -Z: a poll of several targets always waits for them at once.
    const ProcessResult run = run_rfetch({"--until-status", "200", "--interval", "200ms",
                                          slow.url(), quick.url(), tcp(port.port())});

    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "upup");
    CHECK(slow.request_count() == 3);
    // The targets that were ready were polled again while the slow one was not. Whether they
    // were polled a third time depends on which answer of the same instant came first.
    CHECK(quick.request_count() >= 2);
    CHECK(port.connections_once(2) >= 2);
    // At once: the quick targets were polled while the slow one was still starting.
    REQUIRE(slow.requests().size() == 3);
    CHECK(quick.requests().front().arrived < slow.requests()[1].arrived);
    // Two waits of 200 ms for the slow one, by rfetch's own clock: a sanitized build's start
    // and exit on a busy machine take a second of their own.
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(summary_of(log)["elapsed_ms"].get<long long>() < 2000);
    CHECK(log.results.size() == 3);
    CHECK(summary_of(log)["succeeded"] == 3);
    CHECK(summary_of(log)["not_ready"] == json::array());
}

TEST_CASE("at the deadline, the summary lists each target that was not ready and why",
          "[wait][many]") {
    ScriptedServer up({{200, {}, "up"}});
    ScriptedServer starting({{503, {}, "starting"}});
    const std::string refused = tcp(unused_port());

    const ProcessResult run = run_rfetch({"--until-status", "200", "--interval", "100ms",
                                          "--deadline", "1s", up.url(), starting.url(), refused});

    INFO(run.err);
    CHECK(run.exit_code == 28);
    CHECK(run.wall < milliseconds(4000));
    const AttemptLog log = parse_attempt_log(run.err);
    const json& summary = summary_of(log);
    CHECK(summary["succeeded"] == 1);
    CHECK(summary["failed"] == 2);
    REQUIRE(summary["not_ready"].size() == 2);
    CHECK(summary["not_ready"][0]["index"] == 1);
    CHECK(summary["not_ready"][0]["url"] == starting.url());
    // Each reason is the target's last answer, or, when the deadline fell while a last poll had
    // no answer yet, that the poll timed out: which one depends on how the polls fell on a busy
    // machine, not on the wait.
    const auto cut_by_deadline = Catch::Equals("timed out and the deadline has passed");
    CHECK_THAT(summary["not_ready"][0]["reason"].get<std::string>(),
               Catch::StartsWith("status 503 and ") || cut_by_deadline);
    CHECK(summary["not_ready"][1]["index"] == 2);
    CHECK(summary["not_ready"][1]["url"] == refused);
    CHECK_THAT(summary["not_ready"][1]["reason"].get<std::string>(),
               Catch::StartsWith("connection refused or unreachable and ") || cut_by_deadline);
    // Each target has its own events.
    for (const json& attempt : log.attempts) {
        CHECK(attempt.contains("index"));
    }

    const ProcessResult text = run_rfetch({"--log", "text", "--until-status", "200", "--interval",
                                           "100ms", "--deadline", "500ms", up.url(), refused});
    CHECK(text.exit_code == 28);
    CHECK_THAT(text.err, Catch::Contains("rfetch: 1 of 2 targets not ready ("));
    CHECK_THAT(text.err, Catch::Contains("exit 28: " + refused + ": connection refused"));
}

TEST_CASE("until down (--until-down) waits for a service to stop listening", "[wait][down]") {
    // Each server stops listening well after a sanitized rfetch on a loaded machine has started
    // and polled it once.
    DoomedServer server({RawStep(RawMove::reply, http_response(200, "up"))}, milliseconds(1500));

    const ProcessResult run =
        run_rfetch({"--until-down", "--interval", "100ms", "--deadline", "10s", server.url()});

    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() >= 2);
    CHECK(log.attempts.front()["status"] == 200);
    CHECK(log.attempts.front()["decision"] == "retry");
    CHECK(log.attempts.front()["reason"] == "status 200");
    CHECK(log.attempts.back()["decision"] == "success");
    CHECK_THAT(log.attempts.back()["reason"].get<std::string>(), Catch::StartsWith("down ("));
    CHECK(log.result()["outcome"] == "success");

    DoomedServer port({RawStep(RawMove::hang, "")}, milliseconds(1500));
    const ProcessResult tcp_run =
        run_rfetch({"--until-down", "--interval", "100ms", "--deadline", "10s", tcp(port.port())});
    INFO(tcp_run.err);
    CHECK(tcp_run.exit_code == 0);
    const AttemptLog tcp_log = parse_attempt_log(tcp_run.err);
    CHECK(tcp_log.attempts.front()["reason"] == "connection accepted");
    CHECK(tcp_log.attempts.back()["reason"] == "down (connection refused or unreachable)");
}

TEST_CASE("the text log says down, not ready, when --until-down is met", "[wait][down]") {
    const std::string refused = tcp(unused_port());
    const ProcessResult run =
        run_rfetch({"--log", "text", "--until-down", "--interval", "100ms", refused});
    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.err == "rfetch: attempt 1: connection refused or unreachable (curl 7); down\n");

    RawServer listening({RawStep(RawMove::hang, "")});
    const ProcessResult still_up =
        run_rfetch({"--log", "text", "--until-down", "--interval", "100ms", "--deadline", "300ms",
                    refused, tcp(listening.port())});
    INFO(still_up.err);
    CHECK(still_up.exit_code == 28);
    CHECK_THAT(still_up.err, Catch::Contains(refused + ": attempt 1: connection refused or "
                                                       "unreachable (curl 7); down; polled again"));
    CHECK_THAT(still_up.err, Catch::Contains("rfetch: 1 of 2 targets not down ("));
    CHECK_THAT(still_up.err, Catch::Contains(tcp(listening.port()) + ": connection accepted"));
    CHECK_FALSE(Catch::Contains("ready").match(still_up.err));
}

TEST_CASE(
    "until down, a status outside --until-status counts as down, and one that never goes "
    "down exits 28",
    "[wait][down]") {
    ScriptedServer draining({{200, {}, "up"}, {200, {}, "up"}, {503, {}, "draining"}});
    const ProcessResult run =
        run_rfetch({"--until-down", "--until-status", "2xx", "--interval", "50ms", draining.url()});
    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(draining.request_count() == 3);
    CHECK(parse_attempt_log(run.err).result()["reason"] == "down (status 503)");

    ScriptedServer steady({{200, {}, "up"}});
    const ProcessResult never =
        run_rfetch({"--until-down", "--interval", "100ms", "--deadline", "700ms", steady.url()});
    CHECK(never.exit_code == 28);
    // Or the last poll, 100 ms before the deadline, had no answer by then on a busy machine.
    CHECK_THAT(parse_attempt_log(never.err).result()["reason"].get<std::string>(),
               Catch::StartsWith("status 200 and ") ||
                   Catch::Equals("timed out and the deadline has passed"));
}

TEST_CASE("a stable window (--stable) waits until the condition has held that long",
          "[wait][stable]") {
    // After the flap, 200 for as long as rfetch asks, each with a body of its own.
    std::vector<ScriptedReply> script{{200, {}, "a"}, {200, {}, "b"}, {503, {}, "flap"}};
    for (char body = 'c'; body <= 'z'; ++body) {
        script.push_back({200, {}, std::string(1, body)});
    }
    ScriptedServer server(script);

    const ProcessResult run = run_rfetch(
        {"--until-status", "200", "--stable", "250ms", "--interval", "100ms", server.url()});

    INFO(run.err);
    CHECK(run.exit_code == 0);
    // The flap at the third poll starts the window again at the fourth ("c"): the run ends at
    // the first poll 250 ms after that one. Which poll that is depends on how long each poll
    // takes beside its 100 ms interval (the fifth on a slow machine, the seventh on a fast
    // one); the unit tests count polls on a fake clock.
    const std::vector<SeenRequest> seen = server.requests();
    REQUIRE(seen.size() >= 5);
    CHECK(run.out == script.at(seen.size() - 1).body);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK_THAT(log.result()["reason"].get<std::string>(),
               Catch::StartsWith("ready (status 200), held "));
    // Less a little for when the server saw each request, against when rfetch saw each answer.
    CHECK(seen.back().arrived - seen[3].arrived >= milliseconds(200));
}

TEST_CASE("a command after -- runs once every target is ready, and its exit status is rfetch's",
          "[wait][command]") {
    ScriptedServer server({{503, {}, "starting"}, {200, {}, "health body"}});
    RawServer port({RawStep(RawMove::hang, "")});

    const ProcessResult run =
        run_rfetch({"--until-status", "200", "--interval", "50ms", server.url(), tcp(port.port()),
                    "--", "sh", "-c", "echo ran with \"$0\" \"$1\"; exit 7", "--retries", "x"});

    INFO(run.err);
    CHECK(run.exit_code == 7);
    // The health body stays off stdout, which is the command's.
    CHECK(run.out == "ran with --retries x\n");
    CHECK(server.request_count() == 2);
    CHECK(summary_of(parse_attempt_log(run.err))["exit_code"] == 0);
}

TEST_CASE("a command after -- never runs when the wait failed", "[wait][command]") {
    TempDir dir;
    const std::string marker = dir.file("ran");

    const ProcessResult run = run_rfetch(
        {"--interval", "100ms", "--deadline", "500ms", tcp(unused_port()), "--", "touch", marker});

    CHECK(run.exit_code == 28);
    CHECK_FALSE(std::filesystem::exists(marker));

    ScriptedServer missing({{404, {}, "no"}});
    const ProcessResult fetch = run_rfetch({missing.url(), "--", "touch", marker});
    CHECK(fetch.exit_code == 22);
    CHECK_FALSE(std::filesystem::exists(marker));
}

TEST_CASE("a command that cannot run exits 127 or 126, as a shell would", "[wait][command]") {
    ScriptedServer server({{200, {}, "up"}});
    TempDir dir;

    const ProcessResult missing =
        run_rfetch({"--log", "json", server.url(), "--", dir.file("no-such-command"), "arg"});
    CHECK(missing.exit_code == 127);
    const AttemptLog log = parse_attempt_log(missing.err);
    REQUIRE_FALSE(log.events.empty());
    CHECK(log.events.back()["event"] == "error");
    CHECK_THAT(log.events.back()["message"].get<std::string>(),
               Catch::StartsWith("cannot run '" + dir.file("no-such-command") + "': "));

    const ProcessResult not_executable =
        run_rfetch({"--log", "text", server.url(), "--", dir.path().string()});
    CHECK(not_executable.exit_code == 126);
    CHECK_THAT(not_executable.err, Catch::Contains("rfetch: cannot run '"));
}

TEST_CASE("bad waits are usage errors: one line naming the problem, nothing sent",
          "[wait][usage]") {
    ScriptedServer server({{200, {}, "never"}});
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"tcp://127.0.0.1:5432/health"}, "has a path"},
        {{"tcp://127.0.0.1"}, "has no port"},
        {{"tcp://127.0.0.1:99999"}, "has no port from 1 to 65535"},
        {{"--until-down", "--until-json", R"(/status == "down")", server.url()},
         "--until-down cannot be used with --until-json"},
        {{"--until-down", "--until-body", "x", server.url()},
         "--until-down cannot be used with --until-body"},
        {{server.url(), "--"}, "--: nothing follows it"},
        {{"--unix-socket", "/tmp/rfetch.sock", "tcp://127.0.0.1:5432"},
         "--unix-socket: '/tmp/rfetch.sock' cannot carry a tcp:// target"},
        {{"--stable", "1s", server.url()}, "--stable: '1s' counts polls"},
        {{"--until-status", "200", "--stable", "0", server.url()}, "must be longer than zero"},
    };
    for (const auto& [args, message] : cases) {
        const ProcessResult run = run_rfetch(args);
        INFO(run.err);
        CHECK(run.exit_code == 2);
        CHECK(run.out.empty());
        CHECK_THAT(run.err, Catch::Contains(message));
        CHECK(std::ranges::count(run.err, '\n') == 1);
    }
    CHECK(server.request_count() == 0);
}

TEST_CASE("the command gets SIGPIPE as rfetch found it, not ignored as rfetch keeps it",
          "[wait][command][signals]") {
    ScriptedServer server({{200, {}, "up"}});
    const std::vector<std::string> words = {
        rfetch_binary(), "-s", server.url(), "--", "sh", "-c", "kill -s PIPE $$; echo survived"};

    // Started with SIGPIPE at its default, as from a terminal: the command dies of it. A shell
    // that starts with SIGPIPE ignored cannot undo that, and would survive.
    std::vector<std::string> with_default = {"--default-signal=PIPE"};
    with_default.insert(with_default.end(), words.begin(), words.end());
    const ProcessResult run = run_process("/usr/bin/env", with_default);
    INFO(run.err);
    CHECK(run.died_of_signal == SIGPIPE);
    CHECK(run.out.empty());

    // Started with SIGPIPE ignored, as this test runner ignores it: it stays ignored.
    const ProcessResult ignored =
        run_process(words.front(), std::vector<std::string>(words.begin() + 1, words.end()));
    CHECK(ignored.exit_code == 0);
    CHECK(ignored.out == "survived\n");
}
