// curl's -C/--continue-at: a download asks for the rest with Range and appends it to the -o
// file; an upload sends its bytes from the offset on with Content-Range. Learnt from curl's
// docs/cmdline-opts/continue-at.md; the replies come from a raw server, so that no HTTP
// library answers a Range on its own.

#include <catch2/catch.hpp>
#include <regex>

#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

namespace {

const std::string kWhole = "0123456789";

std::string request_header(const std::string& head, const std::string& name) {
    const std::regex field("\r\n" + name + ": *([^\r]*)\r\n", std::regex::icase);
    std::smatch match;
    return std::regex_search(head, match, field) ? match[1].str() : "";
}

// The bytes of kWhole from the Range's first byte on, as a 206; the whole body as a 200 when
// the request asks for no Range.
RawStep honours_range() {
    RawStep step;
    step.respond = [](const std::string& head) {
        const std::string range = request_header(head, "Range");
        if (range.empty()) {
            return http_response(200, kWhole);
        }
        const std::size_t from = std::stoul(range.substr(6));
        const std::string rest = kWhole.substr(from);
        return "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + std::to_string(from) +
               "-9/10\r\nContent-Length: " + std::to_string(rest.size()) + "\r\n\r\n" + rest;
    };
    return step;
}

const std::string k416 =
    "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */10\r\nContent-Length: "
    "4\r\n\r\nbad\n";

}  // namespace

TEST_CASE("continue-at (-C N) asks for the body from byte N on and writes what comes",
          "[curl][continue]") {
    RawServer server({honours_range()});

    const ProcessResult run = run_rfetch({"-s", "-C", "4", server.url("/f")});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "456789");
    const auto heads = server.request_heads();
    REQUIRE(heads.size() == 1);
    CHECK(request_header(heads[0], "Range") == "bytes=4-");
}

TEST_CASE("continue-at - (-C -) resumes at the -o file's size and appends to it",
          "[curl][continue]") {
    RawServer server({honours_range()});
    TempDir dir;
    write_file(dir.file("part"), "012");

    const ProcessResult run =
        run_rfetch({"-s", "-C", "-", "-o", dir.file("part"), server.url("/f")});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out.empty());
    CHECK(read_file(dir.file("part")) == kWhole);
    CHECK(request_header(server.request_heads().at(0), "Range") == "bytes=3-");
}

TEST_CASE("continue-at - (-C -) with no file yet asks for the whole body", "[curl][continue]") {
    RawServer server({honours_range()});
    TempDir dir;

    const ProcessResult run =
        run_rfetch({"-s", "-C", "-", "-o", dir.file("new"), server.url("/f")});

    REQUIRE(run.exit_code == 0);
    CHECK(read_file(dir.file("new")) == kWhole);
    CHECK(request_header(server.request_heads().at(0), "Range").empty());
}

TEST_CASE("continue-at (-C) retried after a 503 asks for the same bytes and appends them once",
          "[curl][continue]") {
    RawServer server({{RawMove::reply, http_response(503, "busy")}, honours_range()});
    TempDir dir;
    write_file(dir.file("part"), "0123");

    const ProcessResult run =
        run_rfetch(with_fast_retries({"-s", "-C", "-", "-o", dir.file("part"), server.url("/f")}));

    REQUIRE(run.exit_code == 0);
    CHECK(read_file(dir.file("part")) == kWhole);
    const auto heads = server.request_heads();
    REQUIRE(heads.size() == 2);
    for (const std::string& head : heads) {
        CHECK(request_header(head, "Range") == "bytes=4-");
    }
}

TEST_CASE(
    "continue-at (-C) against a server that ignores Range: exit 33, the file untouched, "
    "no retry",
    "[curl][continue]") {
    RawServer server({{RawMove::reply, http_response(200, kWhole)}});
    TempDir dir;
    write_file(dir.file("part"), "012");

    const ProcessResult run =
        run_rfetch(with_fast_retries({"-C", "-", "-o", dir.file("part"), server.url("/f")}));

    CHECK(run.exit_code == 33);
    CHECK(read_file(dir.file("part")) == "012");
    CHECK(server.request_count() == 1);
}

TEST_CASE(
    "continue-at (-C) answered 416 brings no body: exit 22, or 0 with --no-fail, as curl -f and "
    "curl",
    "[curl][continue]") {
    RawServer server({{RawMove::reply, k416}});
    TempDir dir;
    write_file(dir.file("done"), kWhole);

    const ProcessResult failing =
        run_rfetch({"-s", "-C", "-", "-o", dir.file("done"), server.url("/f")});
    const ProcessResult lenient = run_rfetch({"-s", "--no-fail", "-C", "10", server.url("/f")});

    CHECK(failing.exit_code == 22);
    CHECK(read_file(dir.file("done")) == kWhole);
    CHECK(lenient.exit_code == 0);
    CHECK(lenient.out.empty());
}

TEST_CASE("continue-at (-C N) with -T uploads from byte N on, with a Content-Range",
          "[curl][continue]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "ok"}});
    TempDir dir;
    write_file(dir.file("up"), kWhole);

    const ProcessResult run =
        run_rfetch(with_fast_retries({"-s", "-T", dir.file("up"), "-C", "6", server.url("/up")}));

    REQUIRE(run.exit_code == 0);
    const auto requests = server.requests();
    REQUIRE(requests.size() == 2);
    for (const SeenRequest& request : requests) {
        CHECK(request.method == "PUT");
        CHECK(request.body == "6789");
        CHECK(request.header_values("Content-Range") == std::vector<std::string>{"bytes 6-9/10"});
        CHECK(request.header_values("Range").empty());
    }
}

TEST_CASE("continue-at - (-C -) with -T uploads every byte and says so in Content-Range",
          "[curl][continue]") {
    ScriptedServer server({{200, {}, "ok"}});
    TempDir dir;
    write_file(dir.file("up"), kWhole);

    const ProcessResult run = run_rfetch({"-s", "-T", dir.file("up"), "-C", "-", server.url("/")});

    REQUIRE(run.exit_code == 0);
    const SeenRequest request = server.requests().at(0);
    CHECK(request.body == kWhole);
    CHECK(request.header_values("Content-Range") == std::vector<std::string>{"bytes 0-9/10"});
}

TEST_CASE(
    "continue-at (-C) refuses an offset that is no number, or past an upload's end, and "
    "a -d body",
    "[curl][continue][usage]") {
    ScriptedServer server({{200, {}, "ok"}});
    TempDir dir;
    write_file(dir.file("up"), "abc");

    const ProcessResult word = run_rfetch({"-C", "ten", server.url()});
    const ProcessResult past = run_rfetch({"-T", dir.file("up"), "-C", "4", server.url()});
    const ProcessResult data = run_rfetch({"-d", "x", "-C", "4", server.url()});

    CHECK(word.exit_code == 2);
    CHECK(word.err.find("--continue-at: 'ten' is not a byte offset") != std::string::npos);
    CHECK(past.exit_code == 2);
    CHECK(past.err.find("past the end of the 3-byte upload") != std::string::npos);
    CHECK(data.exit_code == 2);
    CHECK(data.err.find("--continue-at") != std::string::npos);
    CHECK(server.request_count() == 0);
}

TEST_CASE("continue-at (-C) refuses an offset past the largest libcurl takes, 2^63 - 1",
          "[curl][continue][usage]") {
    ScriptedServer server({{200, {}, "ok"}});

    const ProcessResult above = run_rfetch({"-C", "9223372036854775808", server.url()});
    const ProcessResult largest = run_rfetch({"-C", "18446744073709551615", server.url()});

    CHECK(above.exit_code == 2);
    CHECK(above.err.find("--continue-at: '9223372036854775808' is past the largest byte offset") !=
          std::string::npos);
    CHECK(largest.exit_code == 2);
    CHECK(largest.err.find("--continue-at: '18446744073709551615'") != std::string::npos);
    CHECK(server.request_count() == 0);
}

TEST_CASE("continue-at (-C N) refuses an upload resumed at its end: nothing is left to send",
          "[curl][continue][usage]") {
    ScriptedServer server({{200, {}, "ok"}});
    TempDir dir;
    write_file(dir.file("up3"), "abc");

    const ProcessResult run = run_rfetch({"-T", dir.file("up3"), "-C", "3", server.url()});

    CHECK(run.exit_code == 2);
    CHECK(run.err.find("--continue-at: '3' is the end of the 3-byte upload") != std::string::npos);
    CHECK(server.request_count() == 0);
}

TEST_CASE("continue-at (-C) with remote-header-name (-J) is refused, as curl refuses it",
          "[curl][continue][remote-header-name][usage]") {
    ScriptedServer server({{200, {{"Content-Disposition", "attachment; filename=x.txt"}}, "body"}});
    TempDir dir;

    const ProcessResult current =
        run_rfetch({"-J", "-O", "-C", "-", "--output-dir", dir.path().string(), server.url("/x")});
    const ProcessResult offset =
        run_rfetch({"-J", "-O", "-C", "5", "--output-dir", dir.path().string(), server.url("/x")});

    for (const ProcessResult& run : {current, offset}) {
        CHECK(run.exit_code == 2);
        CHECK(run.err.find("--continue-at and --remote-header-name cannot be combined") !=
              std::string::npos);
    }
    CHECK(server.request_count() == 0);
    CHECK(dir.entries().empty());
}
