// curl's --http0.9 and --no-http0.9, and -H "Name;": what rfetch does with a reply that has no
// head, and the header lines curl writes without a colon. Learnt from curl's
// docs/cmdline-opts/http0.9.md and header.md.

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

namespace {

// A reply with no status line and no head, which ends as the server closes the connection:
// HTTP/0.9, or a server that is not HTTP at all.
const RawStep kHeadless{RawMove::close_mid_body, "just some bytes\n"};

}  // namespace

TEST_CASE("a reply with no head is refused by default: exit 1, nothing written, not retried",
          "[curl][http09]") {
    RawServer server({kHeadless});

    const ProcessResult run = run_rfetch(with_fast_retries({"-S", "-s", server.url()}));

    CHECK(run.exit_code == 1);
    CHECK(run.out.empty());
    CHECK(run.err.find("not valid HTTP") != std::string::npos);
    CHECK(server.request_count() == 1);
}

TEST_CASE("http0.9 (--http0.9) writes a reply with no head as the body", "[curl][http09]") {
    RawServer server({kHeadless});

    const ProcessResult run = run_rfetch({"--http0.9", "--log", "json", server.url()});

    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "just some bytes\n");
    // No status line, so no status: the log says which version came instead.
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["status"].is_null());
    CHECK(log.attempts[0]["reason"] == "a reply with no status line");
    CHECK(log.result()["status"].is_null());
    CHECK(log.result()["http_version"] == "0.9");
}

TEST_CASE("no-http0.9 (--no-http0.9) after --http0.9 refuses such a reply again",
          "[curl][http09]") {
    RawServer server({kHeadless});

    const ProcessResult run = run_rfetch({"-s", "--http0.9", "--no-http0.9", server.url()});

    CHECK(run.exit_code == 1);
    CHECK(run.out.empty());
}

TEST_CASE("header (-H) Name with a semicolon sends Name with no value, on every attempt",
          "[curl][header]") {
    RawServer server(
        {{RawMove::reply, http_response(503, "busy")}, {RawMove::reply, http_response(200, "ok")}});

    const ProcessResult run = run_rfetch(with_fast_retries(
        {"-s", "-H", "X-Empty;", "-H", "X-Dropped;ignored", "-H", "Accept:", server.url()}));

    REQUIRE(run.exit_code == 0);
    const auto heads = server.request_heads();
    REQUIRE(heads.size() == 2);
    for (const std::string& head : heads) {
        CHECK(head.find("\r\nX-Empty:\r\n") != std::string::npos);
        CHECK(head.find("X-Dropped") == std::string::npos);
        CHECK(head.find("Accept") == std::string::npos);
    }
}

TEST_CASE("header (-H) without a colon or a semicolon is still refused", "[curl][header][usage]") {
    ScriptedServer server({{200, {}, "ok"}});

    const ProcessResult run = run_rfetch({"-H", "NoColon", server.url()});

    CHECK(run.exit_code == 2);
    CHECK(run.err.find("--header") != std::string::npos);
    CHECK(server.request_count() == 0);
}

TEST_CASE("header @FILE (-H @FILE) sends each line of the file as a header", "[curl][header]") {
    RawServer server({{RawMove::reply, http_response(200, "ok")}});
    TempDir dir;
    write_file(dir.file("heads"), "X-One: 1\r\n\nX-Two: two words\nX-Empty;\n");

    const ProcessResult run = run_rfetch({"-s", "-H", "@" + dir.file("heads"), server.url()});

    REQUIRE(run.exit_code == 0);
    const std::string head = server.request_heads().at(0);
    CHECK(head.find("\r\nX-One: 1\r\n") != std::string::npos);
    CHECK(head.find("\r\nX-Two: two words\r\n") != std::string::npos);
    CHECK(head.find("\r\nX-Empty:\r\n") != std::string::npos);
}

TEST_CASE("header @FILE (-H @FILE) skips a line with neither colon nor semicolon, as curl does",
          "[curl][header]") {
    RawServer server({{RawMove::reply, http_response(200, "ok")}});
    TempDir dir;
    write_file(dir.file("heads"), "One: 1\nno-colon\nTwo: 2\nUser-Agent:\n");

    const ProcessResult run = run_rfetch({"-s", "-H", "@" + dir.file("heads"), server.url()});

    REQUIRE(run.exit_code == 0);
    const std::string head = server.request_heads().at(0);
    CHECK(head.find("\r\nOne: 1\r\n") != std::string::npos);
    CHECK(head.find("\r\nTwo: 2\r\n") != std::string::npos);
    CHECK(head.find("no-colon") == std::string::npos);
    CHECK(head.find("User-Agent") == std::string::npos);
}

TEST_CASE("header @FILE (-H @FILE) that cannot be read exits 26 before anything is sent",
          "[curl][header]") {
    RawServer server({{RawMove::reply, http_response(200, "ok")}});

    const ProcessResult run = run_rfetch({"-H", "@/nonexistent/heads", server.url()});

    CHECK(run.exit_code == 26);
    CHECK(run.err.find("--header") != std::string::npos);
    CHECK(server.request_count() == 0);
}
