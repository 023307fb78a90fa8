// A reader that goes away during a wait (`rfetch URL | head`, the reader gone while rfetch
// waits to retry, to poll again or to follow a redirect): the wait ends at once, nothing more
// is sent, and the run exits 23. A run whose body goes to a file waits on.

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;
using std::chrono::milliseconds;

namespace {

// rfetch with `args`, its stdout a pipe whose reader reads nothing and goes after 300 ms; the
// result is rfetch's, its exit status included.
ProcessResult run_until_reader_goes(const std::vector<std::string>& args) {
    std::vector<std::string> shell{
        "-c", "\"$0\" \"$@\" | { sleep 0.3; }; exit \"${PIPESTATUS[0]}\"", rfetch_binary()};
    shell.insert(shell.end(), args.begin(), args.end());
    return run_process("/bin/bash", shell);
}

void check_ended_without_reader(const ProcessResult& run, const nlohmann::json& result) {
    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 23);
    // A wait of 20 s, cut short: the bound is generous for a loaded machine.
    CHECK(run.wall < milliseconds(3000));
    CHECK(result["outcome"] == "write_error");
    CHECK(result["reason"] == "the reader of the output went away");
    CHECK(result["exit_code"] == 23);
}

}  // namespace

TEST_CASE("a reader that goes away during a retry's backoff ends the run with no retry",
          "[reader-gone]") {
    ScriptedServer server({{503, {}, "busy"}});

    const ProcessResult run = run_until_reader_goes(
        {"--delay", "20s", "--jitter", "none", "--retries", "1", server.url()});

    check_ended_without_reader(run, parse_attempt_log(run.err).result());
    CHECK(server.request_count() == 1);
}

TEST_CASE("a reader that goes away during a Retry-After wait ends the run with no retry",
          "[reader-gone]") {
    ScriptedServer server({{503, {{"Retry-After", "20"}}, "busy"}});

    const ProcessResult run = run_until_reader_goes({"--retries", "1", server.url()});

    check_ended_without_reader(run, parse_attempt_log(run.err).result());
    CHECK(server.request_count() == 1);
}

TEST_CASE("a reader that goes away during a redirect's Retry-After wait ends the run there",
          "[reader-gone]") {
    ScriptedServer server(
        {{302, {{"Location", "/next"}, {"Retry-After", "20"}}, "moved"}, {200, {}, "arrived"}});

    const ProcessResult run = run_until_reader_goes({"-L", "--retries", "1", server.url()});

    check_ended_without_reader(run, parse_attempt_log(run.err).result());
    CHECK(server.request_count() == 1);
}

TEST_CASE("a reader that goes away during a poll's interval ends the poll", "[reader-gone]") {
    ScriptedServer server({{503, {}, "starting"}});

    const ProcessResult run =
        run_until_reader_goes({"--until-status", "200", "--interval", "20s", server.url()});

    check_ended_without_reader(run, parse_attempt_log(run.err).result());
    CHECK(server.request_count() == 1);
}

TEST_CASE("a reader that goes away ends the polls of several targets at once", "[reader-gone]") {
    ScriptedServer first({{503, {}, "starting"}});
    ScriptedServer second({{503, {}, "starting"}});

    const ProcessResult run = run_until_reader_goes(
        {"--until-status", "200", "--interval", "20s", first.url(), second.url()});

    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.results.size() == 2);
    for (const nlohmann::json& result : log.results) {
        check_ended_without_reader(run, result);
    }
    CHECK(first.request_count() == 1);
    CHECK(second.request_count() == 1);
}

TEST_CASE("a reader that goes away during the pace of --rate ends the URL that waited",
          "[reader-gone]") {
    ScriptedServer server({{200, {}, "one"}, {200, {}, "two"}});

    // The first URL's body reaches the pipe; the second waits 20 s for its turn.
    const ProcessResult run =
        run_until_reader_goes({"--rate", "3/m", server.url("/1"), server.url("/2")});

    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.results.size() == 2);
    CHECK(log.results[0]["outcome"] == "success");
    check_ended_without_reader(run, log.results[1]);
    CHECK(server.request_count() == 1);
}

TEST_CASE("a reader that goes away ends the waits of -Z's URLs at once", "[reader-gone]") {
    ScriptedServer first({{503, {}, "busy"}});
    ScriptedServer second({{503, {{"Retry-After", "20"}}, "busy"}});

    const ProcessResult run = run_until_reader_goes(
        {"-Z", "--delay", "20s", "--jitter", "none", "--retries", "1", first.url(), second.url()});

    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.results.size() == 2);
    for (const nlohmann::json& result : log.results) {
        check_ended_without_reader(run, result);
    }
    CHECK(first.request_count() == 1);
    CHECK(second.request_count() == 1);
}

TEST_CASE("a reader that goes away during a -Z redirect's wait ends that transfer",
          "[reader-gone]") {
    const std::vector<ScriptedReply> redirect{
        {302, {{"Location", "/next"}, {"Retry-After", "20"}}, "moved"}, {200, {}, "arrived"}};
    ScriptedServer first(redirect);
    ScriptedServer second(redirect);

    const ProcessResult run = run_until_reader_goes({"-Z", "-L", first.url(), second.url()});

    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.results.size() == 2);
    for (const nlohmann::json& result : log.results) {
        check_ended_without_reader(run, result);
    }
    CHECK(first.request_count() == 1);
    CHECK(second.request_count() == 1);
}

TEST_CASE("a body that goes to a file waits on when stdout's reader goes, beside one that ends",
          "[reader-gone]") {
    TempDir dir;
    ScriptedServer to_stdout({{503, {}, "busy"}});
    ScriptedServer to_file({{503, {}, "busy"}, {200, {}, "the body"}});

    // -o - is stdout's: the first URL's body goes there, the second's to its file.
    const ProcessResult run =
        run_until_reader_goes({"-Z", "--delay", "1500ms", "--jitter", "none", "--retries", "1",
                               "-o", "-", "-o", dir.file("body"), to_stdout.url(), to_file.url()});

    INFO("stderr: " << run.err);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.results.size() == 2);
    const nlohmann::json& ended = log.results[0]["index"] == 0 ? log.results[0] : log.results[1];
    const nlohmann::json& waited = log.results[0]["index"] == 0 ? log.results[1] : log.results[0];
    CHECK(ended["outcome"] == "write_error");
    CHECK(to_stdout.request_count() == 1);
    CHECK(waited["outcome"] == "success");
    CHECK(to_file.request_count() == 2);
    CHECK(read_file(dir.file("body")) == "the body");
    CHECK(run.exit_code == 23);
}

TEST_CASE("with -o FILE a closed stdout ends no wait, and -w's text then cannot be written",
          "[reader-gone]") {
    TempDir dir;
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "the body"}});

    const ProcessResult run =
        run_until_reader_goes({"--delay", "1s", "--jitter", "none", "--retries", "1", "-o",
                               dir.file("body"), "-w", "%{http_code}", server.url()});

    INFO("stderr: " << run.err);
    CHECK(server.request_count() == 2);
    CHECK(read_file(dir.file("body")) == "the body");
    CHECK(run.exit_code == 23);
    CHECK(parse_attempt_log(run.err).result()["reason"] == "the reader of the output went away");
}

TEST_CASE("a poll with a command after -- waits on when stdout's reader goes", "[reader-gone]") {
    // The body goes nowhere: stdout is the command's, and what it does with it is its own.
    ScriptedServer server({{503, {}, "starting"}, {200, {}, "ready"}});

    const ProcessResult run = run_until_reader_goes(
        {"--until-status", "200", "--interval", "1s", server.url(), "--", "true"});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 0);
    CHECK(server.request_count() == 2);
}
