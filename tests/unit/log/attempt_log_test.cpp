#include "core/log/attempt_log.h"

#include <catch2/catch.hpp>
#include <sstream>

#include "unit/fakes.h"

using namespace rfetch;

namespace {

const WallTime kWhen{std::chrono::milliseconds(1'763'893'904'123)};
constexpr const char* kRunId = "0123456789abcdef";

// A log's lines in a string; the clock dates the result event 2023-11-14T22:13:20.000Z.
struct Captured {
    std::ostringstream out;
    StreamLineSink sink{out};
    testing::FakeClock clock;

    std::unique_ptr<EventLog> log(LogFormat format, RunInfo run) {
        return make_event_log({format, kRunId, sink}, clock, std::move(run));
    }
    std::string str() const { return out.str(); }
};

RunInfo info() {
    return {"GET",        "http://u:pw@host.test/a?token=t0k&page=2",
            42,           std::nullopt,
            std::nullopt, false,
            std::nullopt};
}

AttemptRecord retried_503() {
    AttemptRecord record;
    record.attempt = 1;
    record.method = "GET";
    record.url = "ignored: the log takes the URL from RunInfo";
    record.started = kWhen;
    record.elapsed = Duration{12};
    record.status = 503;
    record.retry_after = "2";
    record.decision = {Action::retry, Outcome::exhausted, "status 503, retry 1 of 3",
                       Duration{2100}, DelaySource::retry_after};
    return record;
}

}  // namespace

TEST_CASE("the JSON attempt event, field by field", "[log]") {
    Captured out;
    out.log(LogFormat::json, info())->on_attempt(retried_503());
    CHECK(
        out.str() ==
        R"js({"event":"attempt","schema_version":1,"run_id":"0123456789abcdef","attempt":1,"method":"GET","url":"http://u:REDACTED@host.test/a?token=REDACTED&page=2",)js"
        R"js("status":503,"error":null,"curl_code":null,"message":null,"elapsed_ms":12,)js"
        R"js("bytes_received":0,"decision":"retry","reason":"status 503, retry 1 of 3","delay_ms":2100,)js"
        R"js("delay_source":"retry-after","retry_after":"2","ts":"2025-11-23T10:31:44.123Z"})js"
        "\n");
}

TEST_CASE("a failed attempt names its kind and libcurl's code", "[log]") {
    AttemptRecord record = retried_503();
    record.status.reset();
    record.retry_after.reset();
    record.failure = Failure{FailureKind::connect, 7, "Couldn't connect"};
    record.decision = {Action::give_up, Outcome::exhausted, "no retries left", Duration{0},
                       DelaySource::backoff};
    Captured out;
    out.log(LogFormat::json, info())->on_attempt(record);
    CHECK(
        out.str() ==
        R"js({"event":"attempt","schema_version":1,"run_id":"0123456789abcdef","attempt":1,"method":"GET","url":"http://u:REDACTED@host.test/a?token=REDACTED&page=2",)js"
        R"js("status":null,"error":"connect","curl_code":7,"message":"Couldn't connect","elapsed_ms":12,)js"
        R"js("bytes_received":0,"decision":"give_up","reason":"no retries left","ts":"2025-11-23T10:31:44.123Z"})js"
        "\n");
}

TEST_CASE("the JSON result event", "[log]") {
    RunResult result;
    result.outcome = Outcome::exhausted;
    result.reason = "status 503 and no retries are left (3 allowed)";
    result.attempts = 4;
    result.elapsed = Duration{7005};
    result.final_response.emplace().status = 503;
    RunInfo keyed = info();
    keyed.idempotency_key = "k-1";
    Captured out;
    out.log(LogFormat::json, keyed)->on_result(result, 22);
    CHECK(
        out.str() ==
        R"js({"event":"result","schema_version":1,"run_id":"0123456789abcdef","outcome":"exhausted","reason":"status 503 and no retries are left (3 allowed)",)js"
        R"js("method":"GET","url":"http://u:REDACTED@host.test/a?token=REDACTED&page=2","attempts":4,)js"
        R"js("status":503,"exit_code":22,"elapsed_ms":7005,"seed":42,"output":"none","bytes_written":0,)js"
        R"js("bytes_received":0,"effective_url":"http://u:REDACTED@host.test/a?token=REDACTED&page=2",)js"
        R"js("http_version":null,"idempotency_key":"k-1","ts":"2023-11-14T22:13:20.000Z"})js"
        "\n");
}

TEST_CASE("invalid UTF-8 from a server is replaced, not fatal", "[log]") {
    AttemptRecord record = retried_503();
    record.retry_after = std::string("\xff\xfe", 2);
    Captured out;
    REQUIRE_NOTHROW(out.log(LogFormat::json, info())->on_attempt(record));
    CHECK_THAT(out.str(), Catch::Contains("\"retry_after\":\"\xEF\xBF\xBD\xEF\xBF\xBD\""));
}

TEST_CASE("the text log is one short line per attempt", "[log]") {
    Captured out;
    out.log(LogFormat::text, info())->on_attempt(retried_503());
    CHECK(out.str() == "rfetch: attempt 1: status 503; retrying in 2.1s (retry-after)\n");
}

TEST_CASE("when polling, the text log says what the response lacked", "[log]") {
    RunInfo polling = info();
    polling.polling = true;
    Captured out;
    auto log = out.log(LogFormat::text, polling);
    AttemptRecord pending = retried_503();
    pending.status = 200;
    pending.decision.reason = R"(/status was "pending")";
    log->on_attempt(pending);
    AttemptRecord busy = retried_503();
    busy.decision.reason = "status 503";
    log->on_attempt(busy);
    CHECK(out.str() ==
          "rfetch: attempt 1: status 200, /status was \"pending\"; retrying in 2.1s (retry-after)\n"
          "rfetch: attempt 1: status 503; retrying in 2.1s (retry-after)\n");
}

TEST_CASE("when polling, the text log says ready, or down with --until-down, when the poll met it",
          "[log]") {
    AttemptRecord refused = retried_503();
    refused.status.reset();
    refused.failure = Failure{FailureKind::connect, 7, "Connection refused"};
    refused.decision = {Action::success, Outcome::success,
                        "down (connection refused or unreachable)", Duration{0},
                        DelaySource::backoff};
    AttemptRecord up = retried_503();
    up.status = 200;
    up.decision = {Action::success, Outcome::success, "ready (status 200)", Duration{0},
                   DelaySource::backoff};
    // Ready while another target is not: it is polled again.
    AttemptRecord held = up;
    held.decision = {Action::retry, Outcome::success, "ready (status 200)", Duration{1000},
                     DelaySource::backoff};

    RunInfo down = info();
    down.polling = true;
    down.until_down = true;
    Captured down_out;
    down_out.log(LogFormat::text, down)->on_attempt(refused);
    CHECK(down_out.str() ==
          "rfetch: attempt 1: connection refused or unreachable (curl 7); down\n");

    RunInfo ready = info();
    ready.polling = true;
    Captured ready_out;
    auto log = ready_out.log(LogFormat::text, ready);
    log->on_attempt(up);
    log->on_attempt(held);
    CHECK(ready_out.str() ==
          "rfetch: attempt 1: status 200; ready\n"
          "rfetch: attempt 1: status 200; ready; polled again in 1s while other targets wait\n");
}

TEST_CASE("no log writes nothing", "[log]") {
    Captured out;
    auto log = out.log(LogFormat::none, info());
    log->on_attempt(retried_503());
    log->on_result(RunResult{}, 0);
    CHECK(out.str().empty());
}

TEST_CASE("timestamps are RFC 3339 UTC with milliseconds", "[log]") {
    CHECK(format_rfc3339(WallTime{std::chrono::milliseconds(0)}) == "1970-01-01T00:00:00.000Z");
    CHECK(format_rfc3339(kWhen) == "2025-11-23T10:31:44.123Z");
}

TEST_CASE("trace and request ids appear in the events that carry them", "[log]") {
    RunInfo with_ids = info();
    with_ids.request_id = "req-7";
    AttemptRecord record = retried_503();
    record.attempt_headers = {
        {"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}};
    Captured out;
    auto log = out.log(LogFormat::json, with_ids);
    log->on_attempt(record);
    log->on_result(RunResult{}, 0);
    const std::string text = out.str();
    const auto attempt_end = text.find('\n');
    CHECK_THAT(
        text.substr(0, attempt_end),
        Catch::Contains(
            R"("traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","request_id":"req-7")"));
    CHECK_THAT(text.substr(attempt_end), Catch::Contains(R"("request_id":"req-7")"));
}

TEST_CASE(
    "the result event counts the body bytes of every attempt and names where the last "
    "response came from",
    "[log]") {
    Captured out;
    auto log = out.log(LogFormat::json, info());
    AttemptRecord cut_short = retried_503();
    cut_short.bytes_received = 700;
    log->on_attempt(cut_short);
    AttemptRecord whole = retried_503();
    whole.bytes_received = 1000;
    log->on_attempt(whole);
    RunResult result;
    result.outcome = Outcome::success;
    result.attempts = 2;
    Response& response = result.final_response.emplace();
    response.status = 200;
    response.http_version = "2";
    response.effective_url = "https://host.test/moved?token=secret";
    out.clock.advance(Duration{1500});
    log->on_result(result, 0);

    const std::string text = out.str();
    const auto last_line = text.rfind('\n', text.size() - 2) + 1;
    const auto event = nlohmann::json::parse(text.substr(last_line));
    CHECK(event["bytes_received"] == 1700);
    CHECK(event["effective_url"] == "https://host.test/moved?token=REDACTED");
    CHECK(event["http_version"] == "2");
    CHECK(event["ts"] == "2023-11-14T22:13:21.500Z");
    CHECK(event["run_id"] == kRunId);
    CHECK(event["schema_version"] == kLogSchemaVersion);
}

TEST_CASE("the summary event carries the run id and schema version", "[log]") {
    std::ostringstream out;
    StreamLineSink sink(out);
    log_summary({LogFormat::json, kRunId, sink}, Summary{2, 1, 1, 22, Duration{30}, {}});
    CHECK(out.str() ==
          R"({"event":"summary","schema_version":1,"run_id":"0123456789abcdef","urls":2,)"
          R"("succeeded":1,"failed":1,"exit_code":22,"elapsed_ms":30})"
          "\n");
}

TEST_CASE("a poll's summary names each target that was not ready, and why", "[log]") {
    const Summary summary{3,
                          1,
                          2,
                          28,
                          Duration{900},
                          std::vector<NotReady>{{0, "tcp://db:5432", "connection refused"},
                                                {2, "http://u:pw@api/health", "status 503"}}};
    std::ostringstream json_out;
    StreamLineSink json_sink(json_out);
    log_summary({LogFormat::json, kRunId, json_sink}, summary);
    const auto event = nlohmann::json::parse(json_out.str());
    CHECK(event["not_ready"] ==
          nlohmann::json::parse(
              R"([{"index":0,"url":"tcp://db:5432","reason":"connection refused"},)"
              R"({"index":2,"url":"http://u:REDACTED@api/health","reason":"status 503"}])"));

    std::ostringstream text_out;
    StreamLineSink text_sink(text_out);
    log_summary({LogFormat::text, kRunId, text_sink}, summary);
    CHECK(text_out.str() ==
          "rfetch: 2 of 3 targets not ready (900ms), exit 28: tcp://db:5432: connection refused; "
          "http://u:REDACTED@api/health: status 503\n");

    Summary down = summary;
    down.until_down = true;
    std::ostringstream down_out;
    StreamLineSink down_sink(down_out);
    log_summary({LogFormat::text, kRunId, down_sink}, down);
    CHECK_THAT(down_out.str(), Catch::StartsWith("rfetch: 2 of 3 targets not down (900ms)"));

    // A run that did not poll has no such list.
    std::ostringstream plain_out;
    StreamLineSink plain_sink(plain_out);
    log_summary({LogFormat::json, kRunId, plain_sink}, Summary{2, 1, 1, 22, Duration{30}, {}});
    CHECK_FALSE(nlohmann::json::parse(plain_out.str()).contains("not_ready"));
}

TEST_CASE("a wait for a redirect's Retry-After names its field, in JSON and in text", "[log]") {
    const WaitRecord wait{.attempt = 1,
                          .why = WaitReason::redirect,
                          .started = kWhen,
                          .waited = Duration{1002},
                          .prober = {},
                          .delay_source = DelaySource::retry_after};
    Captured json;
    json.log(LogFormat::json, info())->on_wait(wait);
    CHECK(
        json.str() ==
        R"js({"event":"wait","schema_version":1,"run_id":"0123456789abcdef","attempt":1,"url":"http://u:REDACTED@host.test/a?token=REDACTED&page=2",)js"
        R"js("why":"redirect","waited_ms":1002,"prober":null,"delay_source":"retry-after","ts":"2025-11-23T10:31:44.123Z"})js"
        "\n");
    Captured text;
    text.log(LogFormat::text, info())->on_wait(wait);
    CHECK(text.str() ==
          "rfetch: attempt 1 waited 1.002s before following a redirect, as its Retry-After "
          "asked\n");
}
