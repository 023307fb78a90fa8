// A body too long to hold streams out, and a transfer that breaks continues with Range from
// the exact byte already written; a server that cannot continue gets nothing written twice.

#include <catch2/catch.hpp>
#include <regex>

#include "log_events.h"
#include "process.h"
#include "raw_server.h"
#include "test_files.h"

using namespace rfetch::test;

namespace {

constexpr std::size_t kBodySize = 24 * 1024 * 1024;
constexpr std::size_t kSentBeforeReset = kBodySize / 2;
const std::string kEtag = "\"v1\"";

// Bytes that differ from one position to the next, so a repeated or skipped stretch shows.
std::string patterned_body(std::size_t size) {
    std::string body(size, '\0');
    for (std::size_t i = 0; i < size; ++i) {
        body[i] = static_cast<char>((i * 7 + i / 251) % 256);
    }
    return body;
}

std::string head_200(std::size_t length, const std::string& validators) {
    return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(length) +
           "\r\nContent-Type: application/octet-stream\r\n" + validators + "\r\n";
}

// The value of a request header, or "" when the head has none.
std::string request_header(const std::string& head, const std::string& name) {
    const std::regex field("\r\n" + name + ": *([^\r]*)\r\n", std::regex::icase);
    std::smatch match;
    return std::regex_search(head, match, field) ? match[1].str() : "";
}

// A server that honours Range and If-Range the way RFC 9110 says: the rest, from the byte
// asked for, when the validator still matches.
RawStep answers_range(const std::string& body) {
    RawStep step;
    step.respond = [&body](const std::string& head) {
        const std::string range = request_header(head, "Range");
        if (range.rfind("bytes=", 0) != 0 || request_header(head, "If-Range") != kEtag) {
            return head_200(body.size(), "ETag: " + kEtag + "\r\n") + body;
        }
        const std::size_t from = std::stoul(range.substr(6));
        return "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + std::to_string(from) +
               "-" + std::to_string(body.size() - 1) + "/" + std::to_string(body.size()) +
               "\r\nContent-Length: " + std::to_string(body.size() - from) + "\r\nETag: " + kEtag +
               "\r\n\r\n" + body.substr(from);
    };
    return step;
}

RawStep reset_halfway(const std::string& body, const std::string& validators) {
    return {RawMove::reset_mid_body,
            head_200(body.size(), validators) + body.substr(0, kSentBeforeReset)};
}

const std::string kResumable = "Accept-Ranges: bytes\r\nETag: " + kEtag + "\r\n";

}  // namespace

TEST_CASE("a 24 MiB body reset halfway to stdout resumes with Range and If-Range", "[resume]") {
    const std::string body = patterned_body(kBodySize);
    RawServer server({reset_halfway(body, kResumable), answers_range(body)});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url()}));

    CHECK(run.exit_code == 0);
    CHECK(run.out.size() == body.size());
    CHECK(run.out == body);
    const auto heads = server.request_heads();
    REQUIRE(heads.size() == 2);
    CHECK(request_header(heads[0], "Range").empty());
    const AttemptLog log = parse_attempt_log(run.err);
    const std::uint64_t resumed_from = log.attempts.at(1).value("resumed_from", 0ULL);
    // At least the buffer went out before the break, or there was nothing to resume.
    CHECK(resumed_from >= 8U * 1024 * 1024);
    CHECK(resumed_from <= kSentBeforeReset);
    CHECK(request_header(heads[1], "Range") == "bytes=" + std::to_string(resumed_from) + "-");
    CHECK(request_header(heads[1], "If-Range") == kEtag);
    CHECK(log.attempts.at(0)["error"] == "reset");
    CHECK(log.result()["output"] == "complete");
    CHECK(log.result()["bytes_written"] == body.size());
}

TEST_CASE("a 24 MiB body reset halfway to a file (-o) resumes into the same file", "[resume]") {
    TempDir dir;
    const std::string body = patterned_body(kBodySize);
    RawServer server({reset_halfway(body, kResumable), answers_range(body)});

    const ProcessResult run =
        run_rfetch(with_fast_retries({server.url(), "-o", dir.file("big.bin")}));

    CHECK(run.exit_code == 0);
    CHECK(run.out.empty());
    CHECK(read_file(dir.file("big.bin")) == body);
    CHECK(dir.entries() == std::vector<std::string>{"big.bin"});
    const auto heads = server.request_heads();
    REQUIRE(heads.size() == 2);
    CHECK(request_header(heads[1], "Range").rfind("bytes=", 0) == 0);
    CHECK(request_header(heads[1], "If-Range") == kEtag);
}

TEST_CASE("a broken body with no validator is not resumed: exit 33, nothing written twice",
          "[resume]") {
    const std::string body = patterned_body(kBodySize);
    RawServer server({reset_halfway(body, "Accept-Ranges: bytes\r\n"), answers_range(body)});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url()}));

    CHECK(run.exit_code == 33);
    CHECK(server.request_count() == 1);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.result()["outcome"] == "incomplete");
    CHECK(log.result()["output"] == "incomplete");
    const std::size_t written = log.result()["bytes_written"];
    CHECK(written >= 8U * 1024 * 1024);
    CHECK(run.out.size() == written);
    CHECK(run.out == body.substr(0, written));
    CHECK_THAT(log.attempts.at(0)["reason"].get<std::string>(),
               Catch::Contains("no strong ETag and no Last-Modified"));
}

TEST_CASE("a Last-Modified in the same second as the Date is too weak to resume by: exit 33",
          "[resume]") {
    const std::string body = patterned_body(kBodySize);
    const std::string when = "Wed, 21 Oct 2015 07:28:00 GMT";
    RawServer server({reset_halfway(body, "Accept-Ranges: bytes\r\nLast-Modified: " + when +
                                              "\r\nDate: " + when + "\r\n"),
                      answers_range(body)});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url()}));

    CHECK(run.exit_code == 33);
    CHECK(server.request_count() == 1);
    CHECK_THAT(parse_attempt_log(run.err).attempts.at(0)["reason"].get<std::string>(),
               Catch::Contains("weak validator"));
}

TEST_CASE("the size limit (--max-filesize) counts the whole body across a resumption", "[resume]") {
    // 12 MiB arrive, the connection resets, and the 206 brings the other 12: each attempt
    // alone is under 20M, the body is not.
    const std::string body = patterned_body(kBodySize);
    RawServer server({reset_halfway(body, kResumable), answers_range(body)});

    const ProcessResult run =
        run_rfetch(with_fast_retries({server.url(), "--max-filesize", "20M"}));

    CHECK(run.exit_code == 63);
    CHECK(server.request_count() == 2);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 2);
    CHECK(log.attempts[1]["error"] == "too_large");
    CHECK(run.out.size() <= std::size_t{20} * 1024 * 1024);
}

TEST_CASE("a server that answers a Range request with the whole body again: exit 33", "[resume]") {
    const std::string body = patterned_body(kBodySize);
    // The validator is offered, but the server sends 200 and everything once more.
    RawStep ignores_range{RawMove::reply, head_200(body.size(), kResumable) + body};
    RawServer server({reset_halfway(body, kResumable), ignores_range});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url()}));

    CHECK(run.exit_code == 33);
    CHECK(server.request_count() == 2);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.at(1)["error"] == "unresumable");
    CHECK(log.attempts.at(1)["curl_code"] == 33);
    const std::size_t written = log.result()["bytes_written"];
    CHECK(run.out == body.substr(0, written));
    CHECK(log.result()["output"] == "incomplete");
}

TEST_CASE("a file (-o) whose resumption gets the whole body again is simply rewritten",
          "[resume]") {
    TempDir dir;
    const std::string body = patterned_body(kBodySize);
    RawStep ignores_range{RawMove::reply, head_200(body.size(), kResumable) + body};
    RawServer server({reset_halfway(body, kResumable), ignores_range});

    const ProcessResult run =
        run_rfetch(with_fast_retries({server.url(), "-o", dir.file("big.bin")}));

    // No reader saw the partial file, so the fresh whole body replaces it.
    CHECK(run.exit_code == 0);
    CHECK(read_file(dir.file("big.bin")) == body);
    CHECK(dir.entries() == std::vector<std::string>{"big.bin"});
}

TEST_CASE("a 200 MB body streams through in bounded memory, to stdout and to a file",
          "[resume][memory]") {
    constexpr std::size_t kChunk = 64 * 1024;
    constexpr std::size_t kChunks = 3200;  // 200 MiB
    const std::string chunk = patterned_body(kChunk);
    RawStep big{RawMove::reply, head_200(kChunk * kChunks, ""), chunk};
    big.repeat_count = kChunks;
    RawServer server({big});
    TempDir dir;

    const ProcessResult to_stdout =
        run_rfetch({server.url()}, killing_after(std::chrono::minutes(2)));
    const ProcessResult to_file = run_rfetch({server.url(), "-o", dir.file("big.bin")},
                                             killing_after(std::chrono::minutes(2)));

    CHECK(to_stdout.exit_code == 0);
    CHECK(to_stdout.out.size() == kChunk * kChunks);
    CHECK(to_stdout.out.substr(kChunk * 1000, kChunk) == chunk);
    CHECK(to_file.exit_code == 0);
    CHECK(std::filesystem::file_size(dir.file("big.bin")) == kChunk * kChunks);
#if !defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer keeps freed memory in quarantine, so only a plain build is measured.
    constexpr long kLimitKib = 64 * 1024;
    CHECK(to_stdout.peak_rss_kib < kLimitKib);
    CHECK(to_file.peak_rss_kib < kLimitKib);
#endif
}
