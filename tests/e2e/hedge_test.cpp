// Hedged requests (--hedge-after, --hedge-max): the real binary against a server that stalls.

#include <algorithm>
#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

namespace {

using std::chrono::milliseconds;

std::vector<nlohmann::json> events_named(const AttemptLog& log, const std::string& name) {
    std::vector<nlohmann::json> found;
    std::ranges::copy_if(log.events, std::back_inserter(found),
                         [&](const nlohmann::json& event) { return event["event"] == name; });
    return found;
}

}  // namespace

TEST_CASE("a stalled first request is hedged and the hedge's body alone is written", "[hedge]") {
    ScriptedServer server({{200, {}, "stalled body", milliseconds{3000}}, {200, {}, "hedge body"}});

    const ProcessResult run = run_rfetch({server.url("/item"), "--hedge-after", "200ms"});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "hedge body");
    REQUIRE(server.request_count() == 2);
    for (const SeenRequest& request : server.requests()) {
        CHECK(request.method == "GET");
        CHECK(request.target == "/item");
    }
    // The hedge waited: it went out 200 ms after the first request did. The server sees the
    // first one later than it was sent, by its new connection and rfetch's first transfer (by
    // 20 ms and more in a sanitized build on a busy machine), so the bound keeps half of it.
    CHECK(gap_ms(server.requests()) >= 100);
    const AttemptLog log = parse_attempt_log(run.err);
    const auto hedges = events_named(log, "hedge");
    REQUIRE(hedges.size() == 1);
    CHECK(hedges[0]["attempt"] == 1);
    CHECK(hedges[0]["hedge"] == 1);
    CHECK(hedges[0]["after_ms"].get<int>() >= 200);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["hedges"] == 1);
    CHECK(log.attempts[0]["answered_by"] == 1);
    CHECK(log.attempts[0]["cancelled"] == 1);
    CHECK(log.attempts[0]["status"] == 200);
    CHECK(log.result()["outcome"] == "success");
    CHECK(log.result()["attempts"] == 1);
    CHECK(log.result()["bytes_written"] == 10);
    // Far below the 3 s stall: rfetch did not wait for the first request to end. By its own
    // clock: a sanitized build's start and exit on a busy machine take a second of their own.
    CHECK(log.result()["elapsed_ms"].get<int>() < 2000);
}

TEST_CASE("an answer in time sends no hedge and logs none", "[hedge]") {
    ScriptedServer server({{200, {}, "prompt"}});

    const ProcessResult run = run_rfetch({server.url(), "--hedge-after", "2s"});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "prompt");
    CHECK(server.request_count() == 1);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(events_named(log, "hedge").empty());
    REQUIRE(log.attempts.size() == 1);
    CHECK_FALSE(log.attempts[0].contains("hedges"));
}

TEST_CASE("when the first and its hedge both answer, one body is written, once", "[hedge]") {
    // The hedge goes out at 100 ms and answers at about 250 ms, as the first does.
    ScriptedServer server({{200, {}, "first answer", milliseconds{250}},
                           {200, {}, "hedge answer", milliseconds{150}}});
    TempDir dir;

    const ProcessResult run =
        run_rfetch({server.url(), "--hedge-after", "100ms", "-o", dir.file("out")});

    CHECK(run.exit_code == 0);
    const std::string written = read_file(dir.file("out"));
    CHECK((written == "first answer" || written == "hedge answer"));
    CHECK(server.request_count() == 2);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["answered_by"] == (written == "first answer" ? 0 : 1));
}

TEST_CASE("a large hedged body past --buffer streams from one request and is written once",
          "[hedge]") {
    std::string large(8 * 1024 * 1024, 'x');
    for (std::size_t at = 0; at < large.size(); at += 4096) {
        large[at] = static_cast<char>('a' + (at / 4096) % 26);
    }
    ScriptedServer server({{200, {}, large}, {200, {}, large}, {200, {}, large}});
    TempDir dir;

    const ProcessResult run = run_rfetch({server.url(), "--buffer", "64K", "--hedge-after", "1ms",
                                          "--hedge-max", "2", "-o", dir.file("out")});

    CHECK(run.exit_code == 0);
    CHECK(read_file(dir.file("out")) == large);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.result()["bytes_written"] == large.size());
    CHECK(log.result()["outcome"] == "success");
}

TEST_CASE("the hedge cap (--hedge-max) holds for an attempt", "[hedge]") {
    ScriptedServer server({{200, {}, "late", milliseconds{1000}}});

    const ProcessResult run =
        run_rfetch({server.url(), "--hedge-after", "100ms", "--hedge-max", "2"});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "late");
    CHECK(server.request_count() == 3);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(events_named(log, "hedge").size() == 2);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["hedges"] == 2);
    CHECK(log.attempts[0]["cancelled"] == 2);
}

TEST_CASE("hedges race within the attempt's -m: none outlasts it, none goes out after it",
          "[hedge]") {
    ScriptedServer server({{200, {}, "too late", milliseconds{3000}}});

    const ProcessResult run = run_rfetch(
        {server.url(), "-m", "1", "--retries", "0", "--hedge-after", "600ms", "--hedge-max", "5"});

    CHECK(run.exit_code == 28);
    CHECK(run.out.empty());
    // The first at 0 and one hedge at 600 ms, given the 400 ms left; the next would be due at
    // 1.2 s, past the attempt's end. Each hedge with a full second of its own took 4 s. By
    // rfetch's own clock: a sanitized build's start and exit on a busy machine take a second.
    CHECK(parse_attempt_log(run.err).result()["elapsed_ms"].get<int>() < 2000);
    CHECK(server.request_count() == 2);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(events_named(log, "hedge").size() == 1);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["error"] == "timeout");
    CHECK(log.attempts[0]["elapsed_ms"].get<int>() < 1500);
}

TEST_CASE("a hedge that fails while the first still runs does not end the attempt", "[hedge]") {
    ScriptedServer server({{200, {}, "worth the wait", milliseconds{500}}, {503, {}, "busy"}});

    const ProcessResult run =
        run_rfetch(with_fast_retries({server.url(), "--hedge-after", "100ms"}));

    CHECK(run.exit_code == 0);
    CHECK(run.out == "worth the wait");
    CHECK(server.request_count() == 2);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["answered_by"] == 0);
    CHECK(log.attempts[0]["cancelled"] == 0);
}

TEST_CASE("with -Z each URL hedges its own requests, and a cancelled handle serves the next",
          "[hedge]") {
    ScriptedServer slow({{200, {}, "slow one", milliseconds{3000}}, {200, {}, "hedged one"}});
    ScriptedServer quick({{503, {}, "busy"}, {200, {}, "quick one"}});
    TempDir dir;

    // One URL at a time: the second takes the handle the first's race cancelled, and retries on
    // it after its 503.
    const ProcessResult run = run_rfetch(
        with_fast_retries({slow.url(), quick.url(), "-Z", "--parallel-max", "1", "--hedge-after",
                           "100ms", "-o", dir.file("a"), "-o", dir.file("b")}));

    CHECK(run.exit_code == 0);
    CHECK(read_file(dir.file("a")) == "hedged one");
    CHECK(read_file(dir.file("b")) == "quick one");
    CHECK(slow.request_count() == 2);
    CHECK(quick.request_count() == 2);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.results.size() == 2);
    CHECK(events_named(log, "hedge").size() == 1);
}

TEST_CASE("a POST is hedged only with an idempotency key", "[hedge]") {
    ScriptedServer server({{200, {}, "created", milliseconds{1000}}, {200, {}, "created"}});

    const ProcessResult refused =
        run_rfetch({server.url(), "-d", "order=1", "--hedge-after", "100ms"});
    CHECK(refused.exit_code == 2);
    CHECK(refused.out.empty());
    CHECK_THAT(refused.err, Catch::Contains("--hedge-after") && Catch::Contains("POST") &&
                                Catch::Contains("--idempotency-key"));
    CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);
    CHECK(server.request_count() == 0);

    const ProcessResult keyed = run_rfetch(
        {server.url(), "-d", "order=1", "--idempotency-key", "order-1", "--hedge-after", "100ms"});
    CHECK(keyed.exit_code == 0);
    CHECK(keyed.out == "created");
    REQUIRE(server.request_count() == 2);
    for (const SeenRequest& request : server.requests()) {
        CHECK(request.method == "POST");
        CHECK(request.body == "order=1");
        CHECK(request.header_values("Idempotency-Key") == std::vector<std::string>{"order-1"});
    }
}

TEST_CASE("hedging flags out of range or out of place exit 2 and send nothing", "[hedge]") {
    const std::vector<std::string> bad = GENERATE(values<std::vector<std::string>>({
        {"--hedge-after", "100ms", "--hedge-max", "0"},
        {"--hedge-after", "100ms", "--hedge-max", "6"},
        {"--hedge-after", "0"},
        {"--hedge-after", "soon"},
        {"--hedge-after", "25h"},
        {"--hedge-max", "2"},
        {"--hedge-after", "100ms", "-X", "DELETE"},
        {"--hedge-after", "100ms", "-T", "/dev/null"},
        {"--hedge-after", "100ms", "--until-status", "200"},
    }));
    ScriptedServer server({{200, {}, "never asked for"}});
    std::vector<std::string> args{server.url()};
    args.insert(args.end(), bad.begin(), bad.end());

    const ProcessResult run = run_rfetch(args);

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    CHECK_THAT(run.err, Catch::Contains("--hedge-"));
    CHECK(server.request_count() == 0);
}
