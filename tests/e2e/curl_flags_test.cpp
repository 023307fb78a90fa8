// curl's own spellings: a curl command line runs under rfetch unchanged, with curl's meaning;
// and a curl option rfetch lacks is refused by name, before anything is sent.

#include <algorithm>
#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;
using std::chrono::milliseconds;

namespace {

std::size_t line_count(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE("combined short flags (-sSfL) are read one letter at a time, as curl reads them",
          "[curl]") {
    ScriptedServer server({{302, {{"Location", "/there"}}, ""}, {200, {}, "arrived"}});

    const ProcessResult run = run_rfetch({"-sSfL", server.url("/here")});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "arrived");
    CHECK(run.err.empty());
    CHECK(server.request_count() == 2);
}

TEST_CASE("a value after a group of short flags (-sSo FILE) belongs to the last one", "[curl]") {
    ScriptedServer server({{200, {}, "saved"}});
    TempDir dir;

    const ProcessResult run = run_rfetch({"-sSo", dir.file("body"), server.url()});

    CHECK(run.exit_code == 0);
    CHECK(run.out.empty());
    CHECK(read_file(dir.file("body")) == "saved");
}

TEST_CASE("silent with show-error (-sS) says nothing on success and one line on failure",
          "[curl]") {
    SECTION("success") {
        ScriptedServer server({{503, {}, "busy"}, {200, {}, "ok"}});
        const ProcessResult run = run_rfetch(with_fast_retries({"-sS", server.url()}));
        CHECK(run.exit_code == 0);
        CHECK(run.err.empty());
    }
    SECTION("failure after retries") {
        ScriptedServer server({{503, {}, "busy"}});
        const ProcessResult run =
            run_rfetch(with_fast_retries({"-sS", "--retry", "2", server.url()}));
        CHECK(run.exit_code == 22);
        CHECK(server.request_count() == 3);
        CHECK(line_count(run.err) == 1);
        CHECK_THAT(run.err, Catch::StartsWith("rfetch: " + server.url() + ": "));
        CHECK(run.err.find("503") != std::string::npos);
        CHECK(run.err.find("exit 22") != std::string::npos);
    }
    SECTION("a 404 that --no-fail lets exit 0 is no failure") {
        ScriptedServer server({{404, {}, "gone"}});
        const ProcessResult run = run_rfetch({"-sS", "--no-fail", server.url()});
        CHECK(run.exit_code == 0);
        CHECK(run.out == "gone");
        CHECK(run.err.empty());
    }
    SECTION("-s alone stays silent on failure") {
        ScriptedServer server({{404, {}, "gone"}});
        const ProcessResult run = run_rfetch({"-s", server.url()});
        CHECK(run.exit_code == 22);
        CHECK(run.err.empty());
    }
}

TEST_CASE("fail (-f) is rfetch's default: a 404 writes nothing and exits 22", "[curl]") {
    ScriptedServer server({{404, {}, "not here"}});

    const ProcessResult run = run_rfetch({"-f", server.url(), "--log", "none"});

    CHECK(run.exit_code == 22);
    CHECK(run.out.empty());
}

TEST_CASE("fail with body (--fail-with-body) writes the error's body and exits 22", "[curl]") {
    ScriptedServer server({{404, {}, "not here"}});

    const ProcessResult run = run_rfetch({"--fail-with-body", server.url(), "--log", "none"});

    CHECK(run.exit_code == 22);
    CHECK(run.out == "not here");
}

TEST_CASE("a URL given with --url is fetched after the URLs given without a flag", "[curl]") {
    ScriptedServer server({{200, {}, "x"}});

    const ProcessResult run =
        run_rfetch({"--url", server.url("/flagged"), server.url("/bare"), "--log", "none"});

    REQUIRE(run.exit_code == 0);
    const std::vector<SeenRequest> requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].target == "/bare");
    CHECK(requests[1].target == "/flagged");
}

TEST_CASE("a curl option rfetch does not have is named as curl's, exit 2, nothing sent",
          "[curl][usage]") {
    const auto [args, named] = GENERATE(table<std::vector<std::string>, std::string>({
        {{"--tftp-no-options"}, "curl's --tftp-no-options is not supported"},
        {{"--proxy-tlsv1"}, "curl's --proxy-tlsv1 is not supported"},
        {{"--ssl-no-revoke"}, "curl's --ssl-no-revoke is not supported"},
        {{"--no-ftp-pasv"}, "curl's --no-ftp-pasv is not supported"},
        {{"--tftp-blksize=512"}, "curl's --tftp-blksize is not supported"},
        {{"-sSt", "x"}, "curl's -t (--telnet-option) is not supported"},
        {{"-Q", "x"}, "curl's -Q (--quote) is not supported"},
    }));
    ScriptedServer server({{200, {}, "never"}});
    std::vector<std::string> command = args;
    command.push_back(server.url());

    const ProcessResult run = run_rfetch(command);

    INFO(run.err);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(run.err.find(named) != std::string::npos);
    CHECK(line_count(run.err) == 1);
    CHECK(server.request_count() == 0);
}

TEST_CASE("an option that is neither rfetch's nor curl's is still only unknown", "[curl][usage]") {
    const ProcessResult run = run_rfetch({"--frobnicate", "http://127.0.0.1:9/"});

    CHECK(run.exit_code == 2);
    CHECK(run.err.find("unknown option '--frobnicate'") != std::string::npos);
    CHECK(run.err.find("curl's") == std::string::npos);
}

TEST_CASE("disable (-q) first on the line reads no config file", "[curl]") {
    ScriptedServer server({{200, {}, "ok"}});
    TempDir dir;
    write_file(dir.file("config.toml"), "no-such-setting = 1\n");
    ProcessOptions options;
    options.environment = {"RFETCH_CONFIG=" + dir.file("config.toml")};

    const ProcessResult refused = run_rfetch({server.url()}, options);
    const ProcessResult run = run_rfetch({"-qs", server.url()}, options);

    CHECK(refused.exit_code == 2);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "ok");
}

TEST_CASE("curl's retry count (--retry N) sets the retries", "[curl][retry]") {
    ScriptedServer server({{503, {}, "busy"}});

    const ProcessResult run = run_rfetch(with_fast_retries({"--retry", "3", server.url()}));

    CHECK(run.exit_code == 22);
    CHECK(server.request_count() == 4);
    CHECK(parse_attempt_log(run.err).attempts.size() == 4);
}

TEST_CASE("curl's retry delay (--retry-delay) is a fixed wait, without jitter", "[curl][retry]") {
    ScriptedServer server({{503, {}, "busy"}, {503, {}, "busy"}, {200, {}, "ok"}});

    const ProcessResult run = run_rfetch({"--retry", "2", "--retry-delay", "0.3", server.url()});

    REQUIRE(run.exit_code == 0);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 3);
    CHECK(log.attempts[0]["delay_ms"] == 300);
    CHECK(log.attempts[1]["delay_ms"] == 300);
    const std::vector<SeenRequest> requests = server.requests();
    CHECK(requests[1].arrived - requests[0].arrived >= milliseconds(290));
}

TEST_CASE("curl's retry time limit (--retry-max-time) starts no retry after it", "[curl][retry]") {
    ScriptedServer server({{503, {}, "busy"}});

    const ProcessResult run = run_rfetch(
        {"--retry", "100", "--retry-delay", "0.3", "--retry-max-time", "1", server.url()});

    // Retries start about 0.3, 0.6 and 0.9 s in; the next would start after 1 s.
    CHECK(run.exit_code == 22);
    CHECK(server.request_count() >= 3);
    CHECK(server.request_count() <= 4);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.result()["outcome"] == "exhausted");
    // By rfetch's own clock: a sanitized build's start and exit on a busy machine take a second.
    CHECK(log.result()["elapsed_ms"].get<long long>() < 2000);
}

TEST_CASE("curl's retry on all errors (--retry-all-errors) retries a 404", "[curl][retry]") {
    ScriptedServer server({{404, {}, "not yet"}, {404, {}, "not yet"}, {200, {}, "there"}});

    const ProcessResult plain = run_rfetch(with_fast_retries({server.url("/a")}));
    const ProcessResult all =
        run_rfetch(with_fast_retries({"--retry-all-errors", server.url("/b")}));

    CHECK(plain.exit_code == 22);
    CHECK(all.exit_code == 0);
    CHECK(all.out == "there");
    CHECK(server.request_count() == 3);
}

TEST_CASE("curl's retry on refused connections (--retry-connrefused) is accepted",
          "[curl][retry]") {
    ScriptedServer server({{200, {}, "ok"}});

    const ProcessResult run = run_rfetch({"--retry-connrefused", server.url()});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "ok");
}

TEST_CASE("curl's time limit (-m) limits each attempt, as --timeout does", "[curl][retry]") {
    ScriptedServer server({{200, {}, "late", milliseconds(3000)}, {200, {}, "quick"}});

    const ProcessResult run =
        run_rfetch(with_fast_retries({"-m", "0.4", "--retry", "1", server.url()}));

    CHECK(run.exit_code == 0);
    CHECK(run.out == "quick");
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 2);
    CHECK(log.attempts[0]["error"] == "timeout");
}
