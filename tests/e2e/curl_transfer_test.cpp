// curl's flags that steer the transfer as libcurl options (issue 19): the protocols allowed
// (--proto, --proto-redir, --proto-default), the low-speed limit, POST on redirects and the
// TCP options.

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"

using namespace rfetch::test;

namespace {

std::string without_scheme(const std::string& url) {
    return url.substr(std::string("http://").size());
}

}  // namespace

TEST_CASE("curl's --proto =https refuses an http URL with exit 1 and curl's message and no retry",
          "[curl][proto]") {
    ScriptedServer server({{200, {}, "body"}});

    const ProcessResult run =
        run_rfetch({"--proto", "=https", "--retry", "3", "--retry-all-errors", server.url()});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 1);
    CHECK(run.out.empty());
    CHECK(server.request_count() == 0);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["error"] == "bad_url");
    CHECK(log.attempts[0]["message"] == "Protocol \"http\" not supported or disabled in libcurl");
}

TEST_CASE("curl's --proto lists read as curl reads them and repeated lists join", "[curl][proto]") {
    ScriptedServer server({{200, {}, "body"}});

    const ProcessResult allowed = run_rfetch({"--proto", "-all,https,+http", server.url(), "-s"});
    const ProcessResult denied =
        run_rfetch({"--proto", "=http", "--proto", "-http", server.url(), "-s"});

    CHECK(allowed.exit_code == 0);
    CHECK(allowed.out == "body");
    CHECK(denied.exit_code == 1);
    CHECK(denied.out.empty());
    CHECK(server.request_count() == 1);
}

TEST_CASE("curl's --proto warns of an unknown protocol and refuses a bare modifier",
          "[curl][proto][usage]") {
    ScriptedServer server({{200, {}, "body"}});

    const ProcessResult unknown = run_rfetch({"--proto", "gopherx", server.url()});
    const ProcessResult bare = run_rfetch({"--proto", "http,=", server.url()});

    CHECK(unknown.exit_code == 0);
    CHECK(unknown.out == "body");
    CHECK(unknown.err.find("unrecognized protocol 'gopherx'") != std::string::npos);
    CHECK(bare.exit_code == 2);
    CHECK(bare.err.find("--proto") != std::string::npos);
    CHECK(server.request_count() == 1);
}

TEST_CASE("curl's --proto-redir =https stops a redirect to http that libcurl follows",
          "[curl][proto]") {
    ScriptedServer server({{302, {{"Location", "/next"}}, "moved"}, {200, {}, "arrived"}});

    const ProcessResult run = run_rfetch({"-L", "--proto-redir", "=https", server.url(), "-s"});

    CHECK(run.exit_code == 1);
    CHECK(run.out.empty());
    CHECK(server.request_count() == 1);
}

TEST_CASE("curl's --proto-redir holds for a redirect rfetch follows itself", "[curl][proto]") {
    // libcurl would keep DELETE's method wrongly on some redirects, so rfetch follows a
    // DELETE's redirects itself (see libcurl_follows_correctly).
    ScriptedServer server({{307, {{"Location", "/next"}}, "moved"},
                           {307, {{"Location", "/next"}}, "moved"},
                           {200, {}, "arrived"}});

    const ProcessResult refused =
        run_rfetch({"-L", "-X", "DELETE", "--proto-redir", "-http", server.url(), "-s"});
    const ProcessResult followed =
        run_rfetch({"-L", "-X", "DELETE", "--proto-redir", "=http", server.url(), "-s"});

    CHECK(refused.exit_code == 1);
    CHECK(refused.out.empty());
    CHECK(followed.exit_code == 0);
    CHECK(followed.out == "arrived");
    const auto seen = server.requests();
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].method == "DELETE");
    CHECK(seen[1].method == "DELETE");
    CHECK(seen[2].method == "DELETE");
    CHECK(seen[2].target == "/next");
}

TEST_CASE("curl's --proto-default names the scheme of a URL given without one", "[curl][proto]") {
    ScriptedServer server({{200, {}, "body"}});

    const ProcessResult http =
        run_rfetch({"--proto-default", "http", without_scheme(server.url("/p")), "-s"});
    // An HTTPS handshake with a plain HTTP server: curl's exit 35.
    const ProcessResult https =
        run_rfetch({"--proto-default", "https", without_scheme(server.url("/p")), "-s"});

    CHECK(http.exit_code == 0);
    CHECK(http.out == "body");
    CHECK(https.exit_code == 35);
    CHECK(https.out.empty());
    REQUIRE(server.request_count() == 1);
    CHECK(server.requests()[0].target == "/p");
}

TEST_CASE("curl's --proto-default of a scheme rfetch does not fetch is a usage error",
          "[curl][proto][usage]") {
    ScriptedServer server({{200, {}, "body"}});

    const ProcessResult unknown =
        run_rfetch({"--proto-default", "foo", without_scheme(server.url())});
    const ProcessResult ftp = run_rfetch({"--proto-default", "ftp", without_scheme(server.url())});

    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("--proto-default: 'foo'") != std::string::npos);
    CHECK(ftp.exit_code == 2);
    CHECK(ftp.err.find("--proto-default: 'ftp'") != std::string::npos);
    CHECK(server.request_count() == 0);
}

TEST_CASE("curl's --speed-limit cuts a dripping attempt with 28 as a timeout and retries it",
          "[curl][speed]") {
    // Three bytes a second: never silent long enough for --stall-timeout.
    RawServer server({RawStep(RawMove::stream_forever, http_head_promising(1000000, ""), "x",
                              std::chrono::milliseconds(300))});

    const ProcessResult run = run_rfetch(
        {"-Y", "100", "--speed-time", "1", "--retries", "1", "--delay", "0", server.url()});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 28);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 2);
    CHECK(log.attempts[0]["error"] == "timeout");
    CHECK(log.attempts[0]["curl_code"] == 28);
    CHECK(log.attempts[0]["elapsed_ms"].get<long long>() >= 900);
    CHECK(log.attempts[0]["elapsed_ms"].get<long long>() < 10000);
    CHECK(server.request_count() == 2);
}

TEST_CASE("curl's --speed-limit and --speed-time take whole numbers only", "[curl][speed][usage]") {
    ScriptedServer server({{200, {}, "body"}});

    const ProcessResult fraction = run_rfetch({"--speed-limit", "1.5", server.url()});
    const ProcessResult negative = run_rfetch({"--speed-time", "-1", server.url()});

    CHECK(fraction.exit_code == 2);
    CHECK(fraction.err.find("--speed-limit: '1.5'") != std::string::npos);
    CHECK(negative.exit_code == 2);
    CHECK(server.request_count() == 0);
}

TEST_CASE("curl's --post301 keeps a POST and its body on a 301 that libcurl follows",
          "[curl][redirect]") {
    ScriptedServer server({{301, {{"Location", "/next"}}, "moved"},
                           {200, {}, "arrived"},
                           {301, {{"Location", "/next"}}, "moved"},
                           {200, {}, "arrived"}});

    const ProcessResult kept = run_rfetch({"-L", "--post301", "-d", "x=1", server.url(), "-s"});
    const ProcessResult changed = run_rfetch({"-L", "-d", "x=1", server.url(), "-s"});

    CHECK(kept.exit_code == 0);
    CHECK(kept.out == "arrived");
    CHECK(changed.exit_code == 0);
    const auto seen = server.requests();
    REQUIRE(seen.size() == 4);
    CHECK(seen[1].method == "POST");
    CHECK(seen[1].body == "x=1");
    CHECK(seen[3].method == "GET");
    CHECK(seen[3].body.empty());
}

TEST_CASE("curl's --post303 keeps a POST on a 303 that rfetch follows after its Retry-After",
          "[curl][redirect]") {
    ScriptedServer server({{303, {{"Location", "/next"}, {"Retry-After", "1"}}, "moved"},
                           {200, {}, "arrived"},
                           {302, {{"Location", "/next"}, {"Retry-After", "1"}}, "moved"},
                           {200, {}, "arrived"}});

    const ProcessResult after_303 =
        run_rfetch({"-L", "--post303", "-d", "x=1", server.url(), "-s"});
    const ProcessResult after_302 =
        run_rfetch({"-L", "--post303", "-d", "x=1", server.url(), "-s"});

    CHECK(after_303.exit_code == 0);
    CHECK(after_302.exit_code == 0);
    const auto seen = server.requests();
    REQUIRE(seen.size() == 4);
    CHECK(seen[1].method == "POST");
    CHECK(seen[1].body == "x=1");
    // --post302 not given: a 302 still turns the POST into a GET.
    CHECK(seen[3].method == "GET");
    CHECK(seen[3].body.empty());
}

TEST_CASE("curl's --disallow-username-in-url refuses a URL with a user with exit 67",
          "[curl][connection]") {
    ScriptedServer server({{200, {}, "body"}});
    const std::string url = "http://user:secret@" + server.url().substr(7);

    const ProcessResult run = run_rfetch({"--disallow-username-in-url", url});

    CHECK(run.exit_code == 67);
    CHECK(run.out.empty());
    CHECK(server.request_count() == 0);
    CHECK(run.err.find("secret") == std::string::npos);
}

TEST_CASE("curl's TCP flags set curl's libcurl options as --libcurl shows them",
          "[curl][connection]") {
    ScriptedServer server({{200, {}, "body"}, {200, {}, "body"}});

    const ProcessResult set =
        run_rfetch({"-s", "--libcurl", "-", "--keepalive-time", "7", "--tcp-fastopen",
                    "--no-tcp-nodelay", "--expect100-timeout", "0.25",
                    "--happy-eyeballs-timeout-ms", "120", "--parallel-immediate", server.url()});
    const ProcessResult off = run_rfetch({"-s", "--libcurl", "-", "--no-keepalive", server.url()});

    REQUIRE(set.exit_code == 0);
    CHECK(set.out.find("body") == 0);
    for (const char* line :
         {"CURLOPT_TCP_KEEPALIVE, 1L", "CURLOPT_TCP_KEEPIDLE, 7L", "CURLOPT_TCP_KEEPINTVL, 7L",
          "CURLOPT_TCP_FASTOPEN, 1L", "CURLOPT_TCP_NODELAY, 0L",
          "CURLOPT_EXPECT_100_TIMEOUT_MS, 250L", "CURLOPT_HAPPY_EYEBALLS_TIMEOUT_MS, 120L"}) {
        INFO(line);
        CHECK(set.out.find(line) != std::string::npos);
    }
    REQUIRE(off.exit_code == 0);
    CHECK(off.out.find("CURLOPT_TCP_KEEPALIVE, 1L") == std::string::npos);
    CHECK(off.out.find("CURLOPT_TCP_KEEPIDLE") == std::string::npos);
}

TEST_CASE("curl's -N writes the body as it arrives where rfetch holds it by default",
          "[curl][stream]") {
    // Server-sent events that never end: only what arrived before -m cut the attempt.
    RawServer server({RawStep(RawMove::stream_forever, http_head_promising(1000000, "data: 1\n\n"),
                              "data: 2\n\n", std::chrono::milliseconds(100))});

    const ProcessResult streamed = run_rfetch({"-N", "-m", "1", "--retries", "0", server.url()});
    const ProcessResult held = run_rfetch({"-m", "1", "--retries", "0", server.url()});

    INFO("stderr: " << streamed.err);
    // Cut after bytes were written, and not resumable (no validator): incomplete, exit 33.
    CHECK(streamed.exit_code == 33);
    CHECK(streamed.out.starts_with("data: 1\n\ndata: 2\n\n"));
    const AttemptLog log = parse_attempt_log(streamed.err);
    CHECK(log.result()["bytes_written"].get<long long>() ==
          static_cast<long long>(streamed.out.size()));
    CHECK(held.exit_code == 28);
    CHECK(held.out.empty());
}

TEST_CASE("curl's -N never writes the body of a response that is retried", "[curl][stream]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "fine"}});

    const ProcessResult run = run_rfetch({"-N", "--delay", "0", server.url(), "-s"});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "fine");
    CHECK(server.request_count() == 2);
}
