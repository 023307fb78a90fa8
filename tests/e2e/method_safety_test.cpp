// Which requests may be sent twice (RFC 9110 §9.2.2), and the Idempotency-Key that makes a
// POST safe to repeat (draft-ietf-httpapi-idempotency-key-header).

#include <catch2/catch.hpp>
#include <regex>

#include "log_events.h"
#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"

using namespace rfetch::test;

namespace {

std::vector<std::string> keys_seen(const ScriptedServer& server) {
    std::vector<std::string> keys;
    for (const SeenRequest& request : server.requests()) {
        const auto values = request.header_values("Idempotency-Key");
        keys.push_back(values.size() == 1 ? values[0] : "<" + std::to_string(values.size()) + ">");
    }
    return keys;
}

}  // namespace

TEST_CASE("a POST without a key is not retried after a 503", "[methods]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "never asked for"}});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url(), "-d", "order=1"}));

    CHECK(run.exit_code == 22);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["method"] == "POST");
    CHECK(log.attempts[0]["decision"] == "give_up");
    const std::string reason = log.attempts[0]["reason"];
    CHECK_THAT(reason, Catch::Contains("--idempotency-key") && Catch::Contains("--retry-unsafe"));
    CHECK(log.result()["outcome"] == "not_retryable");
    CHECK(log.result()["exit_code"] == 22);
    CHECK_THAT(log.result()["reason"].get<std::string>(),
               Catch::Contains("--idempotency-key") && Catch::Contains("--retry-unsafe"));
    CHECK_FALSE(log.result().contains("idempotency_key"));
    REQUIRE(server.request_count() == 1);
    CHECK(server.requests()[0].header_values("Idempotency-Key").empty());
}

TEST_CASE("a POST that timed out after sending is not retried without a key", "[methods]") {
    RawServer server({{RawMove::hang, {}}});

    const ProcessResult run =
        run_rfetch(with_fast_retries({server.url(), "-d", "order=1", "--timeout", "300ms"}));

    CHECK(run.exit_code == 28);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.size() == 1);
    CHECK(log.result()["outcome"] == "not_retryable");
    CHECK(server.request_count() == 1);
}

TEST_CASE("a POST with --idempotency-key is retried with the same key, sent as given",
          "[methods]") {
    ScriptedServer server({{503, {}, "busy"}, {503, {}, "busy"}, {200, {}, "created"}});

    const ProcessResult run =
        run_rfetch(with_fast_retries({server.url(), "-d", "order=1", "--idempotency-key", "abc"}));

    CHECK(run.exit_code == 0);
    CHECK(run.out == "created");
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.size() == 3);
    CHECK(log.result()["idempotency_key"] == "abc");
    // Unquoted, as payment APIs expect; a key given in quotes would travel in them.
    CHECK(keys_seen(server) == std::vector<std::string>{"abc", "abc", "abc"});
}

TEST_CASE("an automatic key (--idempotency-key auto) is one UUID v4 on every attempt",
          "[methods]") {
    ScriptedServer server({{503, {}, "busy"}, {503, {}, "busy"}, {200, {}, "created"}});

    const ProcessResult run =
        run_rfetch(with_fast_retries({server.url(), "-d", "order=1", "--idempotency-key", "auto"}));

    CHECK(run.exit_code == 0);
    const std::vector<std::string> keys = keys_seen(server);
    REQUIRE(keys.size() == 3);
    CHECK(keys[1] == keys[0]);
    CHECK(keys[2] == keys[0]);
    const std::regex uuid_v4(
        R"([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})");
    CHECK(std::regex_match(keys[0], uuid_v4));
    CHECK(parse_attempt_log(run.err).result()["idempotency_key"] == keys[0]);
}

TEST_CASE("two runs with --idempotency-key auto use different keys", "[methods]") {
    ScriptedServer server({{200, {}, "created"}});
    run_rfetch({server.url(), "-d", "x", "--idempotency-key", "auto"});
    run_rfetch({server.url(), "-d", "x", "--idempotency-key", "auto"});
    const std::vector<std::string> keys = keys_seen(server);
    REQUIRE(keys.size() == 2);
    CHECK(keys[0] != keys[1]);
}

TEST_CASE("a POST is retried after connection refused even without a key", "[methods]") {
    const std::string url = "http://127.0.0.1:" + std::to_string(unused_port()) + "/";

    const ProcessResult run =
        run_rfetch(with_fast_retries({url, "-d", "order=1", "--retries", "2"}));

    CHECK(run.exit_code == 7);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.size() == 3);
    CHECK(log.attempt_field("decision") ==
          std::vector<nlohmann::json>{"retry", "retry", "give_up"});
    CHECK(log.result()["outcome"] == "exhausted");
}

TEST_CASE("a POST with --retry-unsafe is retried without a key", "[methods]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "created"}});

    const ProcessResult run =
        run_rfetch(with_fast_retries({server.url(), "-d", "order=1", "--retry-unsafe"}));

    CHECK(run.exit_code == 0);
    CHECK(run.out == "created");
    CHECK(server.request_count() == 2);
    CHECK(keys_seen(server) == std::vector<std::string>{"<0>", "<0>"});
}

TEST_CASE("409 is retried with a key and final without one", "[methods]") {
    SECTION("with a key: the first request is still in progress, so ask again") {
        ScriptedServer server({{409, {}, "in progress"}, {200, {}, "created"}});
        const ProcessResult run = run_rfetch(
            with_fast_retries({server.url(), "-d", "order=1", "--idempotency-key", "k-409"}));
        CHECK(run.exit_code == 0);
        CHECK(run.out == "created");
        CHECK(server.request_count() == 2);
    }
    SECTION("without a key: an ordinary conflict") {
        ScriptedServer server({{409, {}, "conflict"}, {200, {}, "never asked for"}});
        const ProcessResult run = run_rfetch(with_fast_retries({server.url(), "-d", "order=1"}));
        CHECK(run.exit_code == 22);
        CHECK(parse_attempt_log(run.err).result()["outcome"] == "http_error");
        CHECK(server.request_count() == 1);
    }
}

TEST_CASE("idempotent methods are retried after a 503", "[methods]") {
    const std::string method = GENERATE(as<std::string>{}, "PUT", "DELETE", "HEAD", "OPTIONS");
    ScriptedServer server({{503, {}, ""}, {200, {}, ""}});

    // PUT carries a body: without one libcurl sends no Content-Length, and httplib would wait
    // for the body until the connection closes.
    std::vector<std::string> args{server.url(), "-X", method};
    if (method == "PUT") {
        args.insert(args.end(), {"-d", "replacement"});
    }
    const ProcessResult run = run_rfetch(with_fast_retries(args));

    INFO(method);
    CHECK(run.exit_code == 0);
    REQUIRE(server.request_count() == 2);
    CHECK(server.requests()[1].method == method);
}

TEST_CASE("PATCH without a key is not retried", "[methods]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "never asked for"}});

    const ProcessResult run =
        run_rfetch(with_fast_retries({server.url(), "-X", "PATCH", "-d", "x"}));

    CHECK(run.exit_code == 22);
    CHECK(parse_attempt_log(run.err).result()["outcome"] == "not_retryable");
    REQUIRE(server.request_count() == 1);
    CHECK(server.requests()[0].method == "PATCH");
}

TEST_CASE("an Idempotency-Key given with -H also makes a POST retryable", "[methods]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "created"}});

    const ProcessResult run =
        run_rfetch(with_fast_retries({server.url(), "-d", "x", "-H", "Idempotency-Key: \"mine\""}));

    CHECK(run.exit_code == 0);
    CHECK(keys_seen(server) == std::vector<std::string>{"\"mine\"", "\"mine\""});
    CHECK(parse_attempt_log(run.err).result()["idempotency_key"] == "mine");
}

TEST_CASE("a POST that reached one host is not resent when its redirect target is down",
          "[methods]") {
    // 307 keeps the method: the next hop would receive the POST again, but it refuses.
    ScriptedServer origin(
        {{307, {{"Location", "http://127.0.0.1:" + std::to_string(unused_port()) + "/"}}, ""}});

    const ProcessResult run = run_rfetch(with_fast_retries({origin.url(), "-L", "-d", "order=1"}));

    CHECK(run.exit_code == 7);
    CHECK(origin.request_count() == 1);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.size() == 1);
    CHECK(log.result()["outcome"] == "not_retryable");
}
