// Failures below HTTP: refused connections, resets, truncated bodies, empty replies. The
// exit code is libcurl's, so scripts written for curl keep working.

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

namespace {

// Bytes that must never reach stdout: the start of a body that was cut off.
const std::string kPartial = "PARTIAL-BODY-THAT-MUST-NOT-BE-SHOWN";

// A config file whose User-Agent libcurl refuses: strings longer than 8,000,000 bytes are
// CURLE_BAD_FUNCTION_ARGUMENT (curl_easy_setopt(3)). Every attempt fails inside rfetch.
std::string config_libcurl_refuses(const TempDir& dir) {
    const std::string path = dir.file("config.toml");
    write_file(path, "user-agent = \"" + std::string(8'000'001, 'a') + "\"\n");
    return path;
}

}  // namespace

TEST_CASE("connection refused is retried and exits 7", "[transport]") {
    const std::string url = "http://127.0.0.1:" + std::to_string(unused_port()) + "/";

    const ProcessResult run = run_rfetch(with_fast_retries({url, "--retries", "2"}));

    CHECK(run.exit_code == 7);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 3);
    for (const nlohmann::json& attempt : log.attempts) {
        CHECK(attempt["error"] == "connect");
        CHECK(attempt["curl_code"] == 7);
        CHECK(attempt["status"].is_null());
        CHECK(attempt["message"].is_string());
    }
    CHECK(log.attempt_field("decision") ==
          std::vector<nlohmann::json>{"retry", "retry", "give_up"});
    CHECK(log.result()["outcome"] == "exhausted");
    CHECK(log.result()["status"].is_null());
    CHECK(log.result()["exit_code"] == 7);
}

TEST_CASE("a reset in mid-body is retried and only the good body reaches stdout", "[transport]") {
    RawServer server({{RawMove::reset_mid_body, http_head_promising(1000, kPartial)},
                      {RawMove::reply, http_response(200, "good body")}});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url()}));

    CHECK(run.exit_code == 0);
    CHECK(run.out == "good body");
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 2);
    CHECK(log.attempts[0]["error"] == "reset");
    CHECK(log.attempts[0]["curl_code"] == 56);
    CHECK(log.attempts[0]["decision"] == "retry");
    CHECK(log.attempts[1]["error"].is_null());
    CHECK(log.result()["outcome"] == "success");
    CHECK(server.request_count() == 2);
}

TEST_CASE("resets to the end exit 56 with nothing on stdout", "[transport]") {
    RawServer server({{RawMove::reset_mid_body, http_head_promising(1000, kPartial)}});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url(), "--retries", "1"}));

    CHECK(run.exit_code == 56);
    CHECK(run.out.empty());
    CHECK(parse_attempt_log(run.err).result()["outcome"] == "exhausted");
    CHECK(server.request_count() == 2);
}

TEST_CASE("a truncated body is a partial failure and is retried", "[transport]") {
    RawServer server({{RawMove::close_mid_body, http_head_promising(1000, kPartial)},
                      {RawMove::reply, http_response(200, "whole body")}});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url()}));

    CHECK(run.exit_code == 0);
    CHECK(run.out == "whole body");
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 2);
    CHECK(log.attempts[0]["error"] == "partial");
    CHECK(log.attempts[0]["curl_code"] == 18);
    CHECK(log.attempts[0]["status"] == 200);
    CHECK(log.attempts[0]["decision"] == "retry");
    CHECK(server.request_count() == 2);
}

TEST_CASE("truncated to the end exits 18 and shows none of the partial bytes", "[transport]") {
    RawServer server({{RawMove::close_mid_body, http_head_promising(1000, kPartial)}});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url(), "--retries", "1"}));

    CHECK(run.exit_code == 18);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.size() == 2);
    CHECK(log.result()["outcome"] == "exhausted");
    CHECK(log.result()["exit_code"] == 18);
}

TEST_CASE("an empty reply is retried and exits 52 at the end", "[transport]") {
    RawServer server({{RawMove::close_silently, {}}});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url(), "--retries", "1"}));

    CHECK(run.exit_code == 52);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 2);
    CHECK(log.attempts[0]["error"] == "empty");
    CHECK(log.attempts[0]["curl_code"] == 52);
    CHECK(server.request_count() == 2);
}

TEST_CASE("a name that does not resolve is retried and exits 6", "[transport]") {
    const ProcessResult run = run_rfetch(
        {"--retries", "2", "--delay", "10ms", "--log", "json", "http://nonexistent.invalid/"});

    CHECK(run.exit_code == 6);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempt_field("error") == std::vector<nlohmann::json>{"dns", "dns", "dns"});
    CHECK(log.attempt_field("decision") ==
          std::vector<nlohmann::json>{"retry", "retry", "give_up"});
    REQUIRE(log.results.size() == 1);
    CHECK(log.result()["attempts"] == 3);
    CHECK(log.result()["exit_code"] == 6);
    CHECK(log.other_lines.empty());
}

TEST_CASE("an internal error is the attempt's failure: final, exit 70, fully reported",
          "[transport]") {
    ScriptedServer server({{200, {}, "never fetched"}});
    const TempDir dir;
    const std::string config = config_libcurl_refuses(dir);

    const ProcessResult run = run_rfetch({"--config", config, "--retries", "2", "--delay", "10ms",
                                          "-w", "%{http_code} %{num_attempts}", server.url()});

    CHECK(run.exit_code == 70);
    CHECK(run.out == "000 1");
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["error"] == "internal");
    CHECK(log.attempts[0]["curl_code"] == 43);
    CHECK(log.attempts[0]["decision"] == "give_up");
    CHECK(log.result()["exit_code"] == 70);
    CHECK(log.result()["outcome"] == "not_retryable");
    CHECK(server.request_count() == 0);

    const ProcessResult result_run = run_rfetch({"--config", config, "--result", server.url()});
    CHECK(result_run.exit_code == 70);
    const auto document = nlohmann::json::parse(result_run.out);
    CHECK(document["exit_code"] == 70);
    CHECK(document["attempts"] == 1);
}

TEST_CASE("with -Z an internal error ends only its own URL's run", "[transport][many]") {
    ScriptedServer server({{200, {}, "never fetched"}});
    const TempDir dir;

    const ProcessResult run =
        run_rfetch({"--config", config_libcurl_refuses(dir), "-Z", "--log", "json", "-w",
                    "%{url}:%{exitcode} ", server.url("/a"), server.url("/b")});

    CHECK(run.exit_code == 70);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.results.size() == 2);
    for (const nlohmann::json& result : log.results) {
        CHECK(result["exit_code"] == 70);
    }
    CHECK(log.events.back()["event"] == "summary");
    CHECK(log.events.back()["failed"] == 2);
    CHECK_THAT(run.out, Catch::Contains(server.url("/a") + ":70") &&
                            Catch::Contains(server.url("/b") + ":70"));
}

TEST_CASE("a proxy that refuses CONNECT ends the run at once", "[transport][proxy]") {
    RawServer proxy({{RawMove::reply,
                      "HTTP/1.1 407 Proxy Authentication Required\r\n"
                      "Proxy-Authenticate: Basic realm=\"proxy\"\r\nContent-Length: 0\r\n\r\n"}});

    const ProcessResult run = run_rfetch(
        with_fast_retries({"-x", proxy.url(), "--retries", "3", "https://origin.invalid/"}));

    CHECK(run.exit_code == 56);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["error"] == "proxy");
    CHECK(log.attempts[0]["decision"] == "give_up");
    CHECK(log.result()["outcome"] == "not_retryable");
    CHECK(proxy.request_count() == 1);
}
