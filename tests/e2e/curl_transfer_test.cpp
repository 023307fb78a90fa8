// curl's flags that steer the transfer as libcurl options (issue 19): the protocols allowed
// (--proto, --proto-redir, --proto-default).

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
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
