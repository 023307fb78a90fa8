// curl's display and small request flags, with curl's meaning: --no-include, -r with a bare
// number, a file to send that cannot be read, --stderr, and the progress choices (-#,
// --no-progress-meter).

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

TEST_CASE("no include (--no-include) after -i writes the body alone; the last one wins",
          "[curl][output]") {
    ScriptedServer server({{200, {{"X-Seen", "yes"}}, "body"}});

    const ProcessResult undone = run_rfetch({"-s", "-i", "--no-include", server.url()});
    const ProcessResult again = run_rfetch({"-s", "--no-include", "-i", server.url()});

    REQUIRE(undone.exit_code == 0);
    CHECK(undone.out == "body");
    REQUIRE(again.exit_code == 0);
    CHECK_THAT(again.out, Catch::StartsWith("HTTP/1.1 200") && Catch::Contains("X-Seen: yes") &&
                              Catch::EndsWith("\r\n\r\nbody"));
}

TEST_CASE("a range that is a bare number (-r 4) asks for the bytes from there on, as curl does",
          "[curl][request]") {
    // The test server answers a Range itself, from this body.
    ScriptedServer server({{200, {}, "-foo-\n"}});

    const ProcessResult run = run_rfetch({"--log", "text", "-r", "4", server.url()});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "-\n");
    CHECK(server.requests().at(0).header_values("Range") == std::vector<std::string>{"bytes=4-"});
    // Said once, as curl warns that it appended the dash.
    CHECK_THAT(run.err, Catch::Contains("--range: '4' has no dash"));
}

TEST_CASE("a range that starts with no number and has no dash is a usage error", "[curl][usage]") {
    ScriptedServer server({{200, {}, "never"}});

    const ProcessResult run = run_rfetch({"-r", "x4", server.url()});

    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::Contains("--range: 'x4' is not a byte range"));
    CHECK(server.request_count() == 0);
}

TEST_CASE("a file to send that cannot be opened (-d @, -T, -H @, -w @) exits 26, nothing sent",
          "[curl][request]") {
    ScriptedServer server({{200, {}, "posted"}});
    TempDir dir;

    const auto [flag, argument] = GENERATE(table<std::string, std::string>({
        {"-d", "@MISSING"},
        {"--data-binary", "@MISSING"},
        {"--data-urlencode", "name@MISSING"},
        {"--json", "@MISSING"},
        {"-T", "MISSING"},
        {"-H", "@MISSING"},
        {"--proxy-header", "@MISSING"},
        {"-w", "@MISSING"},
    }));
    const std::string missing = dir.file("nonesuch");
    const std::string given = argument.substr(0, argument.find("MISSING")) + missing;

    const ProcessResult run = run_rfetch({"--log", "text", flag, given, server.url()});

    INFO(run.err);
    CHECK(run.exit_code == 26);
    CHECK(run.out.empty());
    CHECK(server.request_count() == 0);
    CHECK_THAT(run.err, Catch::Contains("cannot read '" + missing + "'"));
}

TEST_CASE("stderr to a file (--stderr FILE) takes the log, and stderr stays empty",
          "[curl][output]") {
    ScriptedServer server({{200, {}, "body"}});
    TempDir dir;
    write_file(dir.file("err"), "old text that goes\n");

    const ProcessResult run = run_rfetch({"--stderr", dir.file("err"), server.url()});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "body");
    CHECK(run.err.empty());
    // Not a terminal: the log there is JSON, as on any stderr that is not one.
    const AttemptLog log = parse_attempt_log(read_file(dir.file("err")));
    REQUIRE(log.results.size() == 1);
    CHECK(log.result()["outcome"] == "success");
    CHECK(read_file(dir.file("err")).find("old text") == std::string::npos);
}

TEST_CASE("stderr to stdout (--stderr -) puts the log there beside the body", "[curl][output]") {
    ScriptedServer server({{200, {}, "body\n"}});

    const ProcessResult run = run_rfetch({"--stderr", "-", "--log", "text", server.url()});

    REQUIRE(run.exit_code == 0);
    CHECK(run.err.empty());
    CHECK_THAT(run.out, Catch::Contains("body\n") && Catch::Contains("rfetch: attempt 1"));
}

TEST_CASE("a --stderr file that cannot be written exits 23 before anything is sent",
          "[curl][output]") {
    ScriptedServer server({{200, {}, "never"}});
    TempDir dir;
    write_file(dir.file("not-a-dir"), "");

    const ProcessResult run =
        run_rfetch({"--stderr", dir.file("not-a-dir") + "/err", server.url()});

    CHECK(run.exit_code == 23);
    CHECK_THAT(run.err, Catch::Contains("not-a-dir"));
    CHECK(server.request_count() == 0);
}

namespace {

// Over the 1 MiB below which no bar is drawn.
const std::string kLargeBody(std::size_t{3} * 1024 * 1024, 'x');

}  // namespace

TEST_CASE("the progress bar (-#) is drawn on a stderr that is not a terminal", "[curl][output]") {
    ScriptedServer server({{200, {}, kLargeBody}});

    const ProcessResult bar = run_rfetch({"--log", "text", "-#", server.url()});
    const ProcessResult plain = run_rfetch({"--log", "text", server.url()});

    REQUIRE(bar.exit_code == 0);
    CHECK(bar.out.size() == kLargeBody.size());
    CHECK_THAT(bar.err, Catch::Contains(" / 3.0 MiB [") && Catch::Contains("\r"));
    REQUIRE(plain.exit_code == 0);
    CHECK_THAT(plain.err, !Catch::Contains(" / 3.0 MiB ["));
}

TEST_CASE("no progress meter (--no-progress-meter) draws no bar and keeps the log",
          "[curl][output]") {
    ScriptedServer server({{200, {}, kLargeBody}});

    const ProcessResult run =
        run_rfetch({"--log", "text", "-#", "--no-progress-meter", server.url()});

    REQUIRE(run.exit_code == 0);
    CHECK_THAT(run.err, !Catch::Contains(" / 3.0 MiB [") && Catch::Contains("rfetch: "));
}

TEST_CASE("the progress bar (-#) stays off with -s and with the JSON log", "[curl][output]") {
    ScriptedServer server({{200, {}, kLargeBody}});

    const ProcessResult silent = run_rfetch({"-s", "-#", server.url()});
    const ProcessResult json = run_rfetch({"--log", "json", "-#", server.url()});

    REQUIRE(silent.exit_code == 0);
    CHECK(silent.err.empty());
    REQUIRE(json.exit_code == 0);
    CHECK(parse_attempt_log(json.err).other_lines.empty());
}
