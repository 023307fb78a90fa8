// The engine and the delivery together: which bytes reach the output, when, and how a broken
// body continues.

#include "core/run/delivery.h"

#include <catch2/catch.hpp>

#include "core/run/engine.h"
#include "unit/fakes.h"

using namespace rfetch;
using rfetch::testing::FakeClock;
using rfetch::testing::FakeTransport;
using rfetch::testing::FixedRandom;
using rfetch::testing::MemoryOutput;
using rfetch::testing::no_dates;
using rfetch::testing::RecordingObserver;
using rfetch::testing::status;

namespace {

const std::string kBody = "0123456789abcdefghij";  // 20 bytes, longer than the 8-byte buffer
const std::vector<Header> kResumable{{"Accept-Ranges", "bytes"}, {"ETag", "\"v1\""}};

RetryPolicy quick_policy() {
    RetryPolicy policy;
    policy.retries = 3;
    policy.backoff = {Duration{10}, Duration{100}, 2.0, JitterMode::none};
    return policy;
}

DeliveryPolicy small_buffer() {
    DeliveryPolicy policy;
    policy.buffer_limit = 8;
    policy.may_resume = true;
    return policy;
}

// A 200 whose body breaks, with a reset, after `sent` bytes.
AttemptResult broken(std::vector<Header> headers, std::size_t sent) {
    AttemptResult result = status(200, std::move(headers), kBody.substr(0, sent));
    result.failure = Failure{FailureKind::reset, 56, "Connection reset by peer"};
    return result;
}

AttemptResult rest_from(std::size_t from) {
    return status(
        206, {{"Content-Range", "bytes " + std::to_string(from) + "-19/20"}, {"ETag", "\"v1\""}},
        kBody.substr(from));
}

struct Run {
    Run(std::deque<FakeTransport::Step> steps, DeliveryPolicy policy, bool rewindable = false,
        BeforeFinish before_finish = nullptr)
        : transport(clock, std::move(steps)),
          decider(quick_policy(), random, no_dates),
          engine(transport, clock, decider, RunLimits{}),
          output(rewindable),
          delivery(
              output, policy,
              [this](const Response& head) { return decider.ends_run("GET", head); },
              std::move(before_finish)) {}

    RunResult go() { return engine.run(request, delivery, observer); }

    FakeClock clock;
    FixedRandom random{0.0};
    FakeTransport transport;
    RetryDecider decider;
    Engine engine;
    MemoryOutput output;
    Delivery delivery;
    RecordingObserver observer;
    Request request{"GET", "http://example.test/big", {}, std::nullopt};
};

std::optional<std::string> header_sent(const std::vector<Header>& headers, std::string_view name) {
    for (const Header& header : headers) {
        if (header.name == name) {
            return header.value;
        }
    }
    return std::nullopt;
}

}  // namespace

TEST_CASE("a short body is held and written once, only for the final response", "[delivery]") {
    Run run({{status(503, {}, "busy")}, {status(200, {}, "ok")}}, DeliveryPolicy{});
    const RunResult result = run.go();
    CHECK(result.outcome == Outcome::success);
    CHECK(run.output.bytes() == "ok");
    CHECK(run.output.writes == 1);
    CHECK(run.output.finished);
    CHECK(result.output == OutputState::complete);
    CHECK(result.bytes_written == 2);
    CHECK(result.final_response->body == "ok");
}

TEST_CASE("a body longer than the buffer streams out before its transfer ends", "[delivery]") {
    Run run({{status(200, {}, kBody)}}, small_buffer());
    const RunResult result = run.go();
    CHECK(run.output.bytes() == kBody);
    // Held until it outgrew the buffer, then written as it came: several writes, not one.
    CHECK(run.output.writes > 1);
    CHECK(result.output == OutputState::complete);
    CHECK(result.bytes_written == kBody.size());
    CHECK(result.final_response->body.empty());
    CHECK(result.final_response->body_size == kBody.size());
}

TEST_CASE("a long body of a retried status is dropped, never written", "[delivery]") {
    Run run({{status(503, {}, std::string(100, 'x'))}, {status(200, {}, "fine")}}, small_buffer());
    const RunResult result = run.go();
    CHECK(run.output.bytes() == "fine");
    CHECK(result.output == OutputState::complete);
}

TEST_CASE("a long error body streams only with --no-fail", "[delivery]") {
    SECTION("without it, nothing is written") {
        Run run({{status(404, {}, kBody)}}, small_buffer());
        const RunResult result = run.go();
        CHECK(result.outcome == Outcome::http_error);
        CHECK(run.output.bytes().empty());
        CHECK(result.output == OutputState::none);
    }
    SECTION("with it, the body is written whole") {
        DeliveryPolicy policy = small_buffer();
        policy.deliver_errors = true;
        Run run({{status(404, {}, kBody)}}, policy);
        const RunResult result = run.go();
        CHECK(run.output.bytes() == kBody);
        CHECK(result.output == OutputState::complete);
    }
}

TEST_CASE("a streamed body that breaks continues with Range and If-Range", "[delivery]") {
    Run run({{broken(kResumable, 12)}, {rest_from(12)}}, small_buffer());
    const RunResult result = run.go();
    CHECK(result.outcome == Outcome::success);
    CHECK(run.output.bytes() == kBody);
    CHECK(result.bytes_written == kBody.size());
    REQUIRE(run.transport.attempt_headers_seen.size() == 2);
    CHECK_FALSE(header_sent(run.transport.attempt_headers_seen[0], "Range"));
    CHECK(header_sent(run.transport.attempt_headers_seen[1], "Range") == "bytes=12-");
    CHECK(header_sent(run.transport.attempt_headers_seen[1], "If-Range") == "\"v1\"");
    CHECK_FALSE(run.observer.records[0].resumed_from);
    CHECK(run.observer.records[1].resumed_from == 12U);
    // -w, -D and --result describe the whole response, not the 206 that finished it.
    CHECK(result.final_response->status == 200);
    CHECK(result.final_response->header("Accept-Ranges") == "bytes");
    CHECK(result.final_response->body_size == kBody.size());
}

TEST_CASE("a 503 between a break and its resumption is retried, still with Range", "[delivery]") {
    Run run({{broken(kResumable, 12)}, {status(503, {}, "busy")}, {rest_from(12)}}, small_buffer());
    const RunResult result = run.go();
    CHECK(result.outcome == Outcome::success);
    CHECK(run.output.bytes() == kBody);
    CHECK(header_sent(run.transport.attempt_headers_seen[2], "Range") == "bytes=12-");
}

TEST_CASE("a broken stream with no validator stops at once with nothing written twice",
          "[delivery]") {
    Run run({{broken({{"Accept-Ranges", "bytes"}}, 12)}, {status(200, {}, kBody)}}, small_buffer());
    const RunResult result = run.go();
    CHECK(result.outcome == Outcome::incomplete);
    CHECK(run.transport.requests.size() == 1);
    CHECK(run.output.bytes() == kBody.substr(0, 12));
    CHECK(result.output == OutputState::incomplete);
    CHECK(result.bytes_written == 12);
    CHECK_THAT(result.reason, Catch::Contains("12 bytes were already written"));
}

TEST_CASE("a whole body sent in answer to Range is refused on a stream", "[delivery]") {
    Run run({{broken(kResumable, 12)}, {status(200, kResumable, kBody)}}, small_buffer());
    const RunResult result = run.go();
    CHECK(result.outcome == Outcome::incomplete);
    REQUIRE(result.final_failure);
    CHECK(result.final_failure->kind == FailureKind::unresumable);
    CHECK(result.final_failure->code == 33);
    CHECK(run.output.bytes() == kBody.substr(0, 12));
}

TEST_CASE("an output no one has seen starts over instead of giving up", "[delivery]") {
    SECTION("when the server cannot resume") {
        Run run({{broken({}, 12)}, {status(200, {}, kBody)}}, small_buffer(), true);
        const RunResult result = run.go();
        CHECK(result.outcome == Outcome::success);
        CHECK(run.output.bytes() == kBody);
        CHECK(run.output.rewinds == 1);
        CHECK_FALSE(header_sent(run.transport.attempt_headers_seen[1], "Range"));
    }
    SECTION("when the server sends the whole body in answer to Range") {
        Run run({{broken(kResumable, 12)}, {status(200, kResumable, kBody)}}, small_buffer(), true);
        const RunResult result = run.go();
        CHECK(result.outcome == Outcome::success);
        CHECK(run.output.bytes() == kBody);
        CHECK(run.output.rewinds == 1);
    }
}

TEST_CASE("a final body that arrives whole replaces the start of an earlier one in a file",
          "[delivery]") {
    SECTION("an empty body") {
        Run run({{broken({}, 12)}, {status(200, {}, "")}}, small_buffer(), true);
        const RunResult result = run.go();
        CHECK(result.outcome == Outcome::success);
        CHECK(run.output.bytes().empty());
        CHECK(run.output.finished);
    }
    SECTION("an error body, with --no-fail") {
        DeliveryPolicy policy = small_buffer();
        policy.deliver_errors = true;
        Run run({{broken({}, 12)},
                 {status(503, {}, "busy")},
                 {status(503, {}, "busy")},
                 {status(503, {}, "busy")}},
                policy, true);
        const RunResult result = run.go();
        CHECK(result.outcome == Outcome::exhausted);
        CHECK(run.output.bytes() == "busy");
        CHECK(result.output == OutputState::complete);
    }
}

TEST_CASE("the head goes out once, before the final body, with --include", "[delivery]") {
    AttemptResult busy = status(503, {}, "busy");
    busy.response->raw_head = "HTTP/1.1 503 Busy\r\n\r\n";
    AttemptResult good = status(200, {}, "ok");
    good.response->raw_head = "HTTP/1.1 200 OK\r\n\r\n";
    DeliveryPolicy policy;
    policy.include_head = true;
    Run run({{busy}, {good}}, policy);
    run.go();
    CHECK(run.output.bytes() == "HTTP/1.1 200 OK\r\n\r\nok");
}

TEST_CASE("a reader that goes away ends the run as a quiet write error", "[delivery]") {
    Run run({{status(200, {}, kBody)}}, small_buffer());
    run.output.fail_writes = true;
    const RunResult result = run.go();
    CHECK(result.outcome == Outcome::write_error);
    CHECK(result.reader_gone);
    CHECK(run.transport.requests.size() == 1);
}

TEST_CASE("bytes a reader took before going away are counted as written", "[delivery]") {
    SECTION("a held body") {
        Run run({{status(200, {}, "abcdef")}}, DeliveryPolicy{});
        run.output.capacity = 4;
        const RunResult result = run.go();
        CHECK(result.outcome == Outcome::write_error);
        CHECK(result.output == OutputState::incomplete);
        CHECK(result.bytes_written == 4);
    }
    SECTION("a streamed body") {
        Run run({{status(200, {}, kBody)}}, small_buffer());
        run.output.capacity = 10;
        const RunResult result = run.go();
        CHECK(result.outcome == Outcome::write_error);
        CHECK(result.bytes_written == 10);
        CHECK(run.output.bytes() == kBody.substr(0, 10));
    }
}

TEST_CASE("a long final body that was dropped is never written in part", "[delivery]") {
    DeliveryPolicy policy = small_buffer();
    policy.deliver_errors = true;
    Run run({{status(503, {}, kBody)},
             {status(503, {}, kBody)},
             {status(503, {}, kBody)},
             {status(503, {}, kBody)}},
            policy);
    const RunResult result = run.go();
    CHECK(result.outcome == Outcome::incomplete);
    CHECK(run.output.bytes().empty());
    CHECK(result.output == OutputState::none);
    CHECK_THAT(result.reason, Catch::Contains("larger than the buffer"));
    CHECK(result.setting == Setting::buffer);
}

TEST_CASE("a body that must be judged whole is never streamed, and a long one is not kept",
          "[delivery]") {
    DeliveryPolicy policy = small_buffer();
    policy.may_stream = false;
    Run run({{status(200, {}, kBody)}}, policy);
    const RunResult result = run.go();
    CHECK(run.output.bytes().empty());
    CHECK(result.outcome == Outcome::incomplete);
    CHECK_THAT(result.reason, Catch::Contains("larger than the buffer"));
    CHECK(result.setting == Setting::buffer);
}

TEST_CASE("with --result the body is only held, and a long one is omitted", "[delivery]") {
    DeliveryPolicy policy = small_buffer();
    policy.write_body = false;
    policy.may_stream = false;
    Run run({{status(200, {}, kBody)}}, policy);
    const RunResult result = run.go();
    CHECK(result.outcome == Outcome::success);
    CHECK(run.output.bytes().empty());
    CHECK(result.final_response->body.empty());
    CHECK(result.final_response->body_size == kBody.size());
}

// What -w, -D, --result and the result event read after a resumption: the response whose body
// is in the output, never the 206 that only carried a piece of it.

namespace {

AttemptResult with_head(AttemptResult result, std::string raw_head) {
    result.response->raw_head = std::move(raw_head);
    return result;
}

// A 206 that carries the rest from `from` on, and breaks after `sent` of those bytes.
AttemptResult rest_broken(std::size_t from, std::size_t sent) {
    AttemptResult result = rest_from(from);
    result.response->body.resize(sent);
    result.failure = Failure{FailureKind::partial, 18, "transfer closed with bytes remaining"};
    return result;
}

const std::string kHead200 = "HTTP/1.1 200 OK\r\nAccept-Ranges: bytes\r\nETag: \"v1\"\r\n\r\n";

}  // namespace

TEST_CASE("after a resumption the reports describe the whole response, with its head",
          "[delivery][resume]") {
    Run run({{with_head(broken(kResumable, 12), kHead200)},
             {with_head(rest_from(12), "HTTP/1.1 206 Partial Content\r\n\r\n")}},
            small_buffer());
    const RunResult result = run.go();
    REQUIRE(result.final_response);
    CHECK(result.final_response->status == 200);
    CHECK(result.final_response->raw_head == kHead200);
    CHECK_FALSE(result.final_response->header("Content-Range"));
    CHECK(result.final_response->body_size == kBody.size());
}

TEST_CASE("a resumption that breaks again is reported as the response it continued",
          "[delivery][resume]") {
    Run run({{with_head(broken(kResumable, 12), kHead200)},
             {rest_broken(12, 3)},
             {rest_broken(15, 2)},
             {rest_broken(17, 1)}},
            small_buffer());
    const RunResult result = run.go();
    CHECK(result.output == OutputState::incomplete);
    CHECK(result.bytes_written == 18);
    CHECK(run.output.bytes() == kBody.substr(0, 18));
    REQUIRE(result.final_response);
    CHECK(result.final_response->status == 200);
    CHECK(result.final_response->raw_head == kHead200);
    CHECK(result.final_response->body_size == 18);
}

TEST_CASE("a reader that leaves during a resumption: the reports name the whole response",
          "[delivery][resume]") {
    Run run({{with_head(broken(kResumable, 12), kHead200)}, {rest_from(12)}}, small_buffer());
    run.output.capacity = 14;
    const RunResult result = run.go();
    CHECK(result.outcome == Outcome::write_error);
    CHECK(result.reader_gone);
    REQUIRE(result.final_response);
    CHECK(result.final_response->status == 200);
    CHECK(result.final_response->raw_head == kHead200);
}

TEST_CASE("a resumption that falls back to a whole error body reports that body's response",
          "[delivery][resume]") {
    // A file no one has seen: the 503 that ends a --no-fail run replaces the partial body, so
    // the reports must say 503, not the 200 whose start was taken back.
    DeliveryPolicy policy = small_buffer();
    policy.deliver_errors = true;
    AttemptResult busy = with_head(status(503, {}, "busy"), "HTTP/1.1 503 Busy\r\n\r\n");
    Run run({{with_head(broken(kResumable, 12), kHead200)}, {rest_broken(12, 4)}, {busy}, {busy}},
            policy, true);
    const RunResult result = run.go();
    CHECK(result.outcome == Outcome::exhausted);
    CHECK(run.output.bytes() == "busy");
    CHECK(result.output == OutputState::complete);
    REQUIRE(result.final_response);
    CHECK(result.final_response->status == 503);
    CHECK(result.final_response->raw_head == "HTTP/1.1 503 Busy\r\n\r\n");
    CHECK(result.final_response->body_size == 4);
}

TEST_CASE("a 206 that answers a Range the user sent is reported as itself", "[delivery][resume]") {
    // -H 'Range: bytes=2-': rfetch never resumes, and the 206 is the response that is out.
    DeliveryPolicy policy = small_buffer();
    policy.may_resume = false;
    Run run({{status(206, {{"Content-Range", "bytes 2-19/20"}}, kBody.substr(2))}}, policy);
    const RunResult result = run.go();
    CHECK(run.output.bytes() == kBody.substr(2));
    REQUIRE(result.final_response);
    CHECK(result.final_response->status == 206);
    CHECK(result.final_response->body_size == 18);
}

TEST_CASE("a final error's body is wanted only by --no-fail, --result or a poll", "[delivery]") {
    const auto head = [](int code) { return *status(code).response; };
    DeliveryPolicy policy;
    const auto wanted = [&](int code) {
        Run run({{status(200)}}, policy);
        return run.delivery.wants_body(head(code));
    };
    CHECK_FALSE(wanted(404));
    CHECK_FALSE(wanted(501));
    CHECK(wanted(503));  // retried: its body is simply dropped as it comes
    policy.deliver_errors = true;
    CHECK(wanted(404));
    policy = DeliveryPolicy{};
    policy.shows_error_body = true;
    CHECK(wanted(404));
    policy = DeliveryPolicy{};
    policy.judged_by_status = false;
    CHECK(wanted(404));
}

TEST_CASE("a final error whose body breaks is judged by its status", "[delivery]") {
    AttemptResult cut = status(404, {}, "cut");
    cut.failure = Failure{FailureKind::partial, 18, "transfer closed with bytes remaining"};
    SECTION("without --no-fail the status stands, and nothing is retried") {
        Run run({{cut}, {status(200, {}, "never")}}, DeliveryPolicy{});
        const RunResult result = run.go();
        CHECK(result.outcome == Outcome::http_error);
        CHECK(result.attempts == 1);
        CHECK_FALSE(result.final_failure);
        CHECK(run.output.bytes().empty());
    }
    SECTION("with --no-fail the body is wanted, and its break is retried") {
        DeliveryPolicy policy;
        policy.deliver_errors = true;
        Run run({{cut}, {status(404, {}, "whole")}}, policy);
        const RunResult result = run.go();
        CHECK(result.attempts == 2);
        CHECK(run.output.bytes() == "whole");
    }
}

TEST_CASE("the final response is told before its output is finished, and only when delivered",
          "[delivery]") {
    std::vector<std::string> told;
    bool finished_when_told = true;
    Run* current = nullptr;
    const BeforeFinish remember = [&](const Response& final_response) {
        told.push_back(std::string(final_response.header("X-Name").value_or("")));
        finished_when_told = current->output.finished;
    };
    Run delivered(
        {{status(503, {{"X-Name", "busy"}}, "busy")}, {status(200, {{"X-Name", "ok"}}, "ok")}},
        DeliveryPolicy{}, false, remember);
    current = &delivered;
    CHECK(delivered.go().outcome == Outcome::success);
    CHECK(told == std::vector<std::string>{"ok"});
    CHECK_FALSE(finished_when_told);

    told.clear();
    Run failed({{status(404, {{"X-Name", "missing"}}, "no")}}, DeliveryPolicy{}, false, remember);
    current = &failed;
    failed.go();
    CHECK(told.empty());
}
