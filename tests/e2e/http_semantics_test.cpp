// HTTP semantics that decide a run before its bytes do: a final error status ends the run
// whatever its body does, and redirects keep or change the method as RFC 9110 §15.4 says.

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"

using namespace rfetch::test;

namespace {

// A 404 head that promises a body of 1000 bytes, then `sent` of it.
std::string not_found_promising(const std::string& sent) {
    return "HTTP/1.1 404 Not Found\r\nContent-Length: 1000\r\nContent-Type: text/plain\r\n\r\n" +
           sent;
}

}  // namespace

TEST_CASE("a 404 whose body stalls ends the run at once with 22", "[semantics]") {
    // Nothing after the first bytes: the body would stall until --stall-timeout.
    RawServer server({{RawMove::stream_forever, not_found_promising("the start of"), "",
                       std::chrono::milliseconds{1000}}});

    const ProcessResult run =
        run_rfetch(with_fast_retries({server.url(), "--stall-timeout", "30s"}));

    CHECK(run.exit_code == 22);
    CHECK(run.wall < std::chrono::seconds(3));
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["status"] == 404);
    CHECK(log.attempts[0]["error"].is_null());
    CHECK(log.result()["outcome"] == "http_error");
}

TEST_CASE("a 404 whose head alone arrives ends the run at once with 22", "[semantics]") {
    RawServer server(
        {{RawMove::stream_forever, not_found_promising(""), "", std::chrono::milliseconds{1000}}});

    const ProcessResult run =
        run_rfetch(with_fast_retries({server.url(), "--stall-timeout", "30s"}));

    CHECK(run.exit_code == 22);
    CHECK(run.wall < std::chrono::seconds(3));
    CHECK(parse_attempt_log(run.err).attempts.size() == 1);
}

TEST_CASE("a 404 whose body is cut short exits 22 after one attempt", "[semantics]") {
    RawServer server({{RawMove::close_mid_body, not_found_promising("cut")}});
    // --result holds the body for its document, so it reads to the break: the status decides
    // all the same.
    const auto extra = GENERATE(std::vector<std::string>{}, std::vector<std::string>{"--result"});
    std::vector<std::string> args{server.url(), "--retries", "3"};
    args.insert(args.end(), extra.begin(), extra.end());

    const ProcessResult run = run_rfetch(with_fast_retries(args));

    CHECK(run.exit_code == 22);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["status"] == 404);
    CHECK(log.attempts[0]["decision"] == "give_up");
    CHECK(server.request_count() == 1);
}

TEST_CASE("with --no-fail the error body is wanted, so its break is retried", "[semantics]") {
    RawServer server(
        {{RawMove::close_mid_body, not_found_promising("cut")},
         {RawMove::reply, "HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\nwhole"}});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url(), "--no-fail"}));

    CHECK(run.exit_code == 0);
    CHECK(run.out == "whole");
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 2);
    CHECK(log.attempts[0]["error"] == "partial");
}

namespace {

// A redirect with `status` to /next on the same server, then a 200.
std::vector<ScriptedReply> redirect_then_ok(int status) {
    return {{status, {{"Location", "/next"}}, "moved"}, {200, {}, "done"}};
}

}  // namespace

TEST_CASE("with -L a PUT, PATCH or DELETE keeps its method and body on 301, 302, 307 and 308",
          "[semantics][redirect]") {
    const int status = GENERATE(301, 302, 307, 308);
    const std::string method = GENERATE("PUT", "PATCH", "DELETE");
    INFO(method << " answered " << status);
    ScriptedServer server(redirect_then_ok(status));

    const ProcessResult run = run_rfetch(
        {"-L", "-X", method, "-d", "the body", "-w", "%{method}", "--log", "none", server.url()});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "done" + method);
    const auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[1].target == "/next");
    CHECK(seen[1].method == method);
    CHECK(seen[1].body == "the body");
}

TEST_CASE("with -L a 303 turns any method into a GET without body", "[semantics][redirect]") {
    const std::string method = GENERATE("PUT", "DELETE", "POST");
    ScriptedServer server(redirect_then_ok(303));

    const ProcessResult run = run_rfetch(
        {"-L", "-X", method, "-d", "the body", "-w", "%{method}", "--log", "none", server.url()});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "doneGET");
    const auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].method == method);
    CHECK(seen[1].method == "GET");
    CHECK(seen[1].body.empty());
}

TEST_CASE("with -L a POST does as curl: GET after 301 and 302, POST again after 307 and 308",
          "[semantics][redirect]") {
    const auto [status, method, body] = GENERATE(table<int, std::string, std::string>({
        {301, "GET", ""},
        {302, "GET", ""},
        {307, "POST", "the body"},
        {308, "POST", "the body"},
    }));
    ScriptedServer server(redirect_then_ok(status));

    const ProcessResult run =
        run_rfetch({"-L", "-d", "the body", "-w", "%{method}", "--log", "none", server.url()});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "done" + method);
    const auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[1].method == method);
    CHECK(seen[1].body == body);
}

TEST_CASE("with -L a -X POST without a body stays a POST after 301 and 302, as with curl",
          "[semantics][redirect]") {
    const int status = GENERATE(301, 302);
    INFO("status " << status);
    // A bodiless POST carries no Content-Length, which the HTTP library's server would read
    // as a body to the end of the connection.
    RawServer server({{RawMove::reply, "HTTP/1.1 " + std::to_string(status) +
                                           " Moved\r\nLocation: /next\r\n"
                                           "Content-Length: 0\r\n\r\n"},
                      {RawMove::reply, http_response(200, "done")}});

    const ProcessResult run =
        run_rfetch({"-L", "-X", "POST", "-w", "%{method}", "--log", "none", server.url()});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "donePOST");
    const auto heads = server.request_heads();
    REQUIRE(heads.size() == 2);
    CHECK(heads[0].starts_with("POST / "));
    CHECK(heads[1].starts_with("POST /next "));
}

TEST_CASE("a redirect rfetch follows itself to ftp:// fails as libcurl's following does",
          "[semantics][redirect]") {
    // A PUT's redirect is rfetch's to follow; libcurl's following refuses any scheme but http
    // and https with exit 1, and so does rfetch's, without a word of FTP to the host.
    RawServer ftp({{RawMove::greet, "220 ready\r\n"}});
    const std::string location = "ftp://127.0.0.1:" + std::to_string(ftp.port()) + "/x";
    const std::string method = GENERATE("PUT", "GET");
    INFO(method);
    ScriptedServer server({{307, {{"Location", location}}, "moved"}});

    const ProcessResult run =
        run_rfetch({"-L", "-X", method, "-d", "x", "--retries", "0", server.url()});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 1);
    CHECK(run.out.empty());
    CHECK(server.request_count() == 1);
    CHECK(ftp.connection_count() == 0);
}

TEST_CASE("a redirect rfetch follows itself takes credentials only to the first origin",
          "[semantics][redirect]") {
    ScriptedServer other({{200, {}, "elsewhere"}});
    ScriptedServer first(
        {{307, {{"Location", "/again"}}, ""}, {307, {{"Location", other.url("/there")}}, ""}});

    const ProcessResult run = run_rfetch({"-L", "-X", "PUT", "-d", "x", "-u", "user:secret", "-H",
                                          "Cookie: c=1", "--log", "none", first.url()});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "elsewhere");
    const auto at_first = first.requests();
    REQUIRE(at_first.size() == 2);
    for (const SeenRequest& seen : at_first) {
        CHECK(seen.header_values("Authorization").size() == 1);
        CHECK(seen.header_values("Cookie") == std::vector<std::string>{"c=1"});
    }
    const auto at_other = other.requests();
    REQUIRE(at_other.size() == 1);
    CHECK(at_other[0].method == "PUT");
    CHECK(at_other[0].body == "x");
    CHECK(at_other[0].header_values("Authorization").empty());
    CHECK(at_other[0].header_values("Cookie").empty());
}

TEST_CASE("a redirect rfetch follows itself still stops at --max-redirs", "[semantics][redirect]") {
    ScriptedServer server({{308, {{"Location", "/loop"}}, ""}});

    const ProcessResult run = run_rfetch(
        {"-L", "--max-redirs", "2", "-X", "PUT", "-d", "x", "--retries", "0", server.url()});

    CHECK(run.exit_code == 47);
    CHECK(server.request_count() == 3);
    CHECK(parse_attempt_log(run.err).attempts.at(0)["error"] == "redirects");
}
