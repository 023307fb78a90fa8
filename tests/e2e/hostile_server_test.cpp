// Servers that misbehave on purpose: every run must end inside its limits, with a clear
// failure and nothing half-written on stdout.

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"

using namespace rfetch::test;
using std::chrono::milliseconds;

namespace {

const std::string kOpenEndedHead = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n";

// A gzip stream that inflates to `bytes` zeros, made by the system's gzip.
std::string gzip_of_zeros(std::size_t bytes) {
    const ProcessResult made = run_process(
        "/bin/sh", {"-c", "head -c " + std::to_string(bytes) + " /dev/zero | gzip -9c"});
    REQUIRE(made.exit_code == 0);
    return made.out;
}

void check_failed_cleanly(const ProcessResult& run, int exit_code, const std::string& error) {
    CHECK(run.exit_code == exit_code);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE_FALSE(log.attempts.empty());
    CHECK(log.attempts.back()["error"] == error);
    CHECK(log.result()["exit_code"] == exit_code);
}

}  // namespace

TEST_CASE("a header flood is cut off instead of filling memory", "[hostile]") {
    RawServer server({{RawMove::stream_forever, "HTTP/1.1 200 OK\r\n",
                       "X-Flood: " + std::string(200, 'a') + "\r\n"}});

    const ProcessResult run = run_rfetch({server.url(), "--deadline", "10s"});

    check_failed_cleanly(run, 63, "too_large");
    CHECK(run.wall < milliseconds(5000));
}

TEST_CASE("an endless body stops at --max-filesize", "[hostile]") {
    RawServer server({{RawMove::stream_forever, kOpenEndedHead, std::string(64 * 1024, 'x')}});

    const ProcessResult run =
        run_rfetch({server.url(), "--max-filesize", "1M", "--deadline", "10s"});

    check_failed_cleanly(run, 63, "too_large");
    CHECK(parse_attempt_log(run.err).attempts.size() == 1);
}

TEST_CASE("an endless body stops at the attempt timeout", "[hostile]") {
    RawServer server(
        {{RawMove::stream_forever, kOpenEndedHead, std::string(4096, 'x'), milliseconds(5)}});

    const ProcessResult run = run_rfetch({server.url(), "--timeout", "700ms", "--retries", "0"});

    check_failed_cleanly(run, 28, "timeout");
    CHECK(run.wall < milliseconds(4000));
}

TEST_CASE("a server that drips one byte at a time is stopped by the stall timeout", "[hostile]") {
    RawServer server({{RawMove::stream_forever, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n",
                       "x", milliseconds(3000)}});

    const ProcessResult run =
        run_rfetch({server.url(), "--stall-timeout", "1s", "--retries", "0", "--deadline", "20s"});

    check_failed_cleanly(run, 28, "timeout");
    CHECK(run.wall < milliseconds(6000));
}

TEST_CASE("a decompression bomb stops at --max-filesize, counted after decoding", "[hostile]") {
    const std::string bomb = gzip_of_zeros(64 * 1024 * 1024);
    RawServer server({{RawMove::reply,
                       "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
                       "Content-Length: " +
                           std::to_string(bomb.size()) + "\r\n\r\n" + bomb}});

    const ProcessResult run =
        run_rfetch({server.url(), "--compressed", "--max-filesize", "1M", "--deadline", "10s"});

    check_failed_cleanly(run, 63, "too_large");
}

TEST_CASE("a malformed status line is a protocol failure, not retried", "[hostile]") {
    const std::string reply = GENERATE(as<std::string>{}, "HTTP/1.1 two hundred OK\r\n\r\nbody",
                                       "GARBAGE\r\n\r\n", "HTTP/1.1 99999 X\r\n\r\n");
    RawServer server({{RawMove::close_mid_body, reply}});

    const ProcessResult run = run_rfetch({server.url(), "--deadline", "10s"});

    INFO(reply);
    // libcurl's own code for these replies, kept so scripts written for curl still match.
    CHECK(run.exit_code == 1);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.size() == 1);
    CHECK(log.attempts.at(0)["error"] == "protocol");
    CHECK(server.request_count() == 1);
}

TEST_CASE("a negative Retry-After falls back to the backoff", "[hostile]") {
    ScriptedServer server({{503, {{"Retry-After", "-5"}}, "busy"}, {200, {}, "ok"}});

    const ProcessResult run = run_rfetch({server.url(), "--delay", "50ms", "--jitter", "none"});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "ok");
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.at(0)["delay_source"] == "backoff");
    CHECK(log.attempts.at(0)["delay_ms"] == 50);
}

TEST_CASE("a Retry-After date in the past asks for no wait beyond the backoff", "[hostile]") {
    ScriptedServer server(
        {{503, {{"Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"}}, "busy"}, {200, {}, "ok"}});

    const ProcessResult run = run_rfetch({server.url(), "--delay", "50ms", "--jitter", "none"});

    CHECK(run.exit_code == 0);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.at(0)["delay_source"] == "backoff");
    CHECK(log.attempts.at(0)["delay_ms"] == 50);
    CHECK(run.wall < milliseconds(3000));
}

TEST_CASE("credentials are not forwarded when a redirect changes host", "[hostile]") {
    ScriptedServer target({{200, {}, "landed"}});
    // Same machine, another host name: libcurl must treat it as a different origin.
    ScriptedServer origin(
        {{302, {{"Location", "http://localhost:" + std::to_string(target.port()) + "/"}}, ""}});

    const ProcessResult run =
        run_rfetch({origin.url(), "-L", "-u", "alice:hunter2", "-H", "Authorization: Bearer t0k",
                    "-H", "Cookie: session=s3cr3t"});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "landed");
    REQUIRE(origin.request_count() == 1);
    CHECK_FALSE(origin.requests()[0].header_values("Authorization").empty());
    REQUIRE(target.request_count() == 1);
    CHECK(target.requests()[0].header_values("Authorization").empty());
    CHECK(target.requests()[0].header_values("Cookie").empty());
}
