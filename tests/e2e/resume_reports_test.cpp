// What -w, -D and the result event say after a resumption: the response whose body is in the
// output (its status and head), never the 206 that only carried a piece of it; and, when the
// output fell back to another response's body, that response.

#include <catch2/catch.hpp>
#include <regex>

#include "log_events.h"
#include "process.h"
#include "raw_server.h"
#include "test_files.h"

using namespace rfetch::test;

namespace {

// Small bodies with a smaller --buffer, so they stream and can be resumed.
constexpr std::size_t kBodySize = 64 * 1024;
constexpr std::size_t kSentBeforeBreak = kBodySize / 2;
const std::string kEtag = "\"v1\"";
const std::string kHead200 = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(kBodySize) +
                             "\r\nAccept-Ranges: bytes\r\nETag: " + kEtag + "\r\n\r\n";

std::string patterned_body() {
    std::string body(kBodySize, '\0');
    for (std::size_t i = 0; i < kBodySize; ++i) {
        body[i] = static_cast<char>('a' + (i * 7 + i / 251) % 26);
    }
    return body;
}

std::size_t range_start(const std::string& request_head) {
    static const std::regex range("\r\nRange: *bytes=([0-9]+)-", std::regex::icase);
    std::smatch match;
    return std::regex_search(request_head, match, range) ? std::stoul(match[1].str()) : 0;
}

// The rest of the body from the byte asked for; `cut_after` bytes of it when set.
RawStep rest_of(const std::string& body, std::optional<std::size_t> cut_after = std::nullopt) {
    RawStep step;
    step.move = cut_after ? RawMove::close_mid_body : RawMove::reply;
    step.respond = [&body, cut_after](const std::string& head) {
        const std::size_t from = range_start(head);
        const std::string rest = body.substr(from);
        return "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + std::to_string(from) +
               "-" + std::to_string(body.size() - 1) + "/" + std::to_string(body.size()) +
               "\r\nContent-Length: " + std::to_string(rest.size()) + "\r\nETag: " + kEtag +
               "\r\n\r\n" + rest.substr(0, cut_after.value_or(rest.size()));
    };
    return step;
}

RawStep broken_200(const std::string& body) {
    return {RawMove::reset_mid_body, kHead200 + body.substr(0, kSentBeforeBreak)};
}

std::vector<std::string> reporting(std::vector<std::string> args, const TempDir& dir) {
    args.insert(args.end(), {"--buffer", "1K", "-D", dir.file("head"), "-w", "\n%{http_code}"});
    return with_fast_retries(std::move(args));
}

// The write-out after the body: its last line.
std::string write_out(const std::string& out) {
    return out.substr(out.rfind('\n') + 1);
}

}  // namespace

TEST_CASE("after a resumption -w, -D and the result event describe the 200 that was written",
          "[resume][reports]") {
    TempDir dir;
    const std::string body = patterned_body();
    RawServer server({broken_200(body), rest_of(body)});

    const ProcessResult run = run_rfetch(reporting({server.url()}, dir));

    CHECK(run.exit_code == 0);
    CHECK(run.out.substr(0, body.size()) == body);
    CHECK(write_out(run.out) == "200");
    CHECK(read_file(dir.file("head")) == kHead200);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.at(1)["status"] == 206);
    CHECK(log.result()["status"] == 200);
    CHECK(log.result()["bytes_written"] == body.size());
}

TEST_CASE("a resumption that breaks again is reported as the 200 it carried on",
          "[resume][reports]") {
    TempDir dir;
    const std::string body = patterned_body();
    RawServer server({broken_200(body), rest_of(body, 1000)});

    const ProcessResult run = run_rfetch(reporting({server.url(), "--retries", "1"}, dir));

    CHECK(run.exit_code != 0);
    CHECK(write_out(run.out) == "200");
    CHECK(read_file(dir.file("head")) == kHead200);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.result()["status"] == 200);
    CHECK(log.result()["output"] == "incomplete");
    const std::size_t written = log.result()["bytes_written"];
    CHECK(written > kSentBeforeBreak / 2);
    CHECK(run.out.substr(0, written) == body.substr(0, written));
}

TEST_CASE("a file (-o) whose resumption falls back to a --no-fail 503 reports the 503",
          "[resume][reports]") {
    TempDir dir;
    const std::string body = patterned_body();
    const std::string busy = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\n";
    RawServer server({broken_200(body), rest_of(body, 1000), {RawMove::reply, busy + "busy"}});

    const ProcessResult run = run_rfetch(
        reporting({server.url(), "-o", dir.file("out"), "--no-fail", "--retries", "2"}, dir));

    CHECK(server.request_count() == 3);
    CHECK(read_file(dir.file("out")) == "busy");
    CHECK(run.out == "\n503");
    CHECK(read_file(dir.file("head")) == busy);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.result()["status"] == 503);
    CHECK(log.result()["output"] == "complete");
    CHECK(log.result()["bytes_written"] == 4);
}
