// Many URLs in one run (positional URLs, --urls, -Z): the real binary against several scripted
// servers, one per URL, so that each URL has a script of its own.

#include <algorithm>
#include <catch2/catch.hpp>
#include <csignal>
#include <map>
#include <set>

#include "log_events.h"
#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;
using nlohmann::json;
using std::chrono::milliseconds;

namespace {

// The last event: with many URLs, the summary.
const json& summary_of(const AttemptLog& log) {
    REQUIRE_FALSE(log.events.empty());
    REQUIRE(log.events.back()["event"] == "summary");
    return log.events.back();
}

// The result event of the URL with this index.
const json& result_for(const AttemptLog& log, std::size_t index) {
    const auto found = std::ranges::find_if(
        log.results, [&](const json& result) { return result["index"] == index; });
    REQUIRE(found != log.results.end());
    return *found;
}

std::vector<std::string> args(std::initializer_list<std::string> words) {
    return with_fast_retries(std::vector<std::string>(words));
}

}  // namespace

TEST_CASE("without -Z, URLs go one after another and bodies reach stdout in input order",
          "[many]") {
    ScriptedServer first({{503, {}, "down"}, {200, {}, "alpha\n"}});
    ScriptedServer second({{200, {}, "beta\n"}});

    const ProcessResult run = run_rfetch(args({first.url("/a"), second.url("/b")}));

    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "alpha\nbeta\n");
    // The second URL started only once the first was done, retry and all.
    REQUIRE(first.requests().size() == 2);
    REQUIRE(second.requests().size() == 1);
    CHECK(second.requests()[0].arrived > first.requests()[1].arrived);

    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.other_lines.empty());
    CHECK(log.attempt_field("index") == std::vector<json>{0, 0, 1});
    CHECK(result_for(log, 0)["url"] == first.url("/a"));
    CHECK(result_for(log, 0)["attempts"] == 2);
    CHECK(result_for(log, 1)["url"] == second.url("/b"));
    const json& summary = summary_of(log);
    CHECK(summary["urls"] == 2);
    CHECK(summary["succeeded"] == 2);
    CHECK(summary["failed"] == 0);
    CHECK(summary["exit_code"] == 0);
}

TEST_CASE("with -Z a slow URL holds up no other, and each body is written whole", "[many]") {
    const std::string slow_body(200'000, 's');
    const std::string fast_body(200'000, 'f');
    ScriptedServer slow({{200, {}, slow_body, milliseconds(800)}});
    ScriptedServer fast({{200, {}, fast_body}});

    const ProcessResult run = run_rfetch(args({"-Z", slow.url("/slow"), fast.url("/fast")}));

    INFO(run.err);
    CHECK(run.exit_code == 0);
    // In the order the runs ended, never interleaved.
    CHECK(run.out == fast_body + slow_body);
    REQUIRE(slow.requests().size() == 1);
    REQUIRE(fast.requests().size() == 1);
    const auto apart = slow.requests()[0].arrived - fast.requests()[0].arrived;
    // Well inside the slow reply's 800 ms: both were asked for at once.
    CHECK(std::chrono::abs(apart) < milliseconds(700));
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.results.front()["index"] == 1);
    CHECK(log.results.back()["index"] == 0);
}

TEST_CASE("with -Z a URL waiting to retry holds up no other", "[many]") {
    ScriptedServer waiting({{503, {{"Retry-After", "1"}}, "busy"}, {200, {}, "late\n"}});
    ScriptedServer ready({{200, {}, "early\n"}});

    const ProcessResult run = run_rfetch(args({"-Z", waiting.url(), ready.url()}));

    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "early\nlate\n");
    const AttemptLog log = parse_attempt_log(run.err);
    // The ready URL ended while the other was waiting out Retry-After, whichever of the two
    // first attempts ended first.
    std::vector<std::string> order;
    for (const json& event : log.events) {
        order.push_back(event["event"].get<std::string>() + ":" +
                        (event.contains("index") ? event["index"].dump() : "-"));
    }
    const auto ready_done = std::ranges::find(order, "result:1");
    const auto retried =
        std::ranges::find(std::ranges::find(order, "attempt:0") + 1, order.end(), "attempt:0");
    CHECK(ready_done < retried);
    CHECK(order.back() == "summary:-");
    const auto first_wait = std::ranges::find_if(
        log.attempts, [](const json& attempt) { return attempt["index"] == 0; });
    REQUIRE(first_wait != log.attempts.end());
    CHECK((*first_wait)["delay_source"] == "retry-after");
    REQUIRE(waiting.requests().size() == 2);
    CHECK(waiting.requests()[1].arrived - waiting.requests()[0].arrived >= milliseconds(1000));
}

TEST_CASE("the exit status is the first failure in input order, and the summary counts", "[many]") {
    ScriptedServer ok({{200, {}, "ok\n"}});
    ScriptedServer missing({{404, {}, "no such thing"}});
    const std::string refused = "http://127.0.0.1:" + std::to_string(unused_port()) + "/";

    for (const bool parallel : {false, true}) {
        std::vector<std::string> words = {ok.url(), refused, missing.url(), "--retries", "0"};
        if (parallel) {
            words.emplace_back("-Z");
        }
        const ProcessResult run = run_rfetch(words);
        INFO("parallel " << parallel << "\n" << run.err);
        CHECK(run.exit_code == 7);  // the refused connection's, listed before the 404
        CHECK(run.out == "ok\n");
        const AttemptLog log = parse_attempt_log(run.err);
        CHECK(result_for(log, 1)["exit_code"] == 7);
        CHECK(result_for(log, 2)["exit_code"] == 22);
        const json& summary = summary_of(log);
        CHECK(summary["succeeded"] == 1);
        CHECK(summary["failed"] == 2);
        CHECK(summary["exit_code"] == 7);
    }
    const ProcessResult reordered = run_rfetch({missing.url(), refused, "--retries", "0", "-Z"});
    CHECK(reordered.exit_code == 22);
}

TEST_CASE("with many URLs, --result prints one JSON document per line, each with its URL",
          "[many]") {
    ScriptedServer first({{200, {{"Content-Type", "application/json"}}, R"({"n":1})"}});
    ScriptedServer second({{200, {}, "two"}});

    const ProcessResult run = run_rfetch({"-Z", "--result", first.url(), second.url()});

    INFO(run.out << run.err);
    CHECK(run.exit_code == 0);
    std::set<std::string> urls;
    std::size_t lines = 0;
    std::istringstream documents(run.out);
    for (std::string line; std::getline(documents, line); ++lines) {
        const json document = json::parse(line);
        urls.insert(document["url"].get<std::string>());
        CHECK(document["status"] == 200);
    }
    CHECK(lines == 2);
    CHECK(urls == std::set<std::string>{first.url(), second.url()});
}

TEST_CASE("with many URLs, -O and --output-dir save each URL to its own file", "[many]") {
    ScriptedServer first({{200, {}, "one"}});
    ScriptedServer second({{200, {}, "two"}});
    TempDir dir;

    const ProcessResult run =
        run_rfetch({"-Z", "-O", "--output-dir", dir.file("out"), "--create-dirs",
                    first.url("/a/one.txt"), second.url("/b/two.txt?v=2")});

    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out.empty());
    CHECK(read_file(dir.file("out/one.txt")) == "one");
    CHECK(read_file(dir.file("out/two.txt")) == "two");
}

TEST_CASE("a --urls list with comments is read after the URLs on the command line", "[many]") {
    ScriptedServer first({{200, {}, "1 "}});
    ScriptedServer second({{200, {}, "2 "}});
    ScriptedServer third({{200, {}, "3"}});
    TempDir dir;
    write_file(dir.file("urls.txt"),
               "# mirrors\n\n  " + second.url() + "  \n# " + first.url() + "\n" + third.url());

    const ProcessResult run = run_rfetch({first.url(), "--urls", dir.file("urls.txt")});
    CHECK(run.exit_code == 0);
    CHECK(run.out == "1 2 3");

    ProcessOptions from_stdin;
    from_stdin.stdin_bytes = second.url() + "\n";
    const ProcessResult piped = run_rfetch({"--urls", "-", third.url()}, from_stdin);
    CHECK(piped.exit_code == 0);
    CHECK(piped.out == "32 ");
}

TEST_CASE("polling many URLs waits until every one is ready", "[many][polling]") {
    ScriptedServer slow({{503, {}, "starting"}, {503, {}, "starting"}, {200, {}, "up"}});
    ScriptedServer quick({{200, {}, "up"}});

    const ProcessResult run =
        run_rfetch({"-Z", "--until-status", "200", "--interval", "20ms", slow.url(), quick.url()});

    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "upup");
    CHECK(slow.request_count() == 3);
    // Ready first, it was polled again until the slow one was ready too. Whether it was polled
    // a third time depends on which answer of the same instant came first (the slow one's 200
    // or its own second 200), as in wait_test.cpp's poll of several targets.
    CHECK(quick.request_count() >= 2);
    CHECK(summary_of(parse_attempt_log(run.err))["succeeded"] == 2);
}

TEST_CASE("URLs to one server reuse one connection", "[many]") {
    RawServer server({RawStep(RawMove::reply, http_response(200, "x"))});

    const ProcessResult run = run_rfetch(
        {server.url("/1"), server.url("/2"), server.url("/3"), server.url("/4"), server.url("/5")});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "xxxxx");
    CHECK(server.request_count() == 5);
    CHECK(server.connection_count() == 1);
}

TEST_CASE("one retry budget holds across every URL of the run", "[many][state]") {
    ScriptedServer server({{503, {}, "down"}});
    TempDir dir;
    std::vector<std::string> words = {
        "-Z",      "--retry-budget", "10:0.1",   "--retries", "5", "--state-dir", dir.file("state"),
        "--delay", "20ms",           "--jitter", "none"};
    for (int i = 0; i < 10; ++i) {
        words.push_back(server.url("/" + std::to_string(i)));
    }

    const ProcessResult run = run_rfetch(words);

    CHECK(run.exit_code == 22);
    // Without the budget, 10 URLs x 6 attempts = 60 requests. With 10:0.1 only the failures
    // that leave 9, 8, 7 and 6 tokens earn a retry (see state_test.cpp).
    CHECK(server.request_count() >= 10);
    CHECK(server.request_count() <= 14);
    CHECK(summary_of(parse_attempt_log(run.err))["failed"] == 10);
}

TEST_CASE("a signal ends every transfer at once, and URLs not yet started end interrupted",
          "[many][signals]") {
    RawServer server({RawStep(RawMove::hang, "")});

    const ProcessResult run = run_rfetch(
        {"-Z", "--parallel-max", "2", server.url("/1"), server.url("/2"), server.url("/3")},
        signalling_when(SIGINT,
                        [&server](const std::string&) { return server.request_count() == 2; }));

    INFO(run.err);
    CHECK(run.exit_code == 130);
    CHECK(run.wall - run.signalled_at < milliseconds(2000));
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.results.size() == 3);
    for (const json& result : log.results) {
        CHECK(result["outcome"] == "interrupted");
    }
    CHECK(result_for(log, 2)["attempts"] == 0);
    CHECK(summary_of(log)["exit_code"] == 130);
    CHECK(server.request_count() == 2);
}

TEST_CASE("the deadline bounds the whole run, not each URL", "[many][timeouts]") {
    RawServer server({RawStep(RawMove::hang, "")});

    const ProcessResult run = run_rfetch({"--deadline", "1s", server.url("/1"), server.url("/2")});

    INFO(run.err);
    CHECK(run.exit_code == 28);
    // Both URLs share the one second: the second gets what little is left of it, if anything
    // (libcurl's timer may end the first attempt a millisecond before rfetch's clock does).
    CHECK(run.wall < milliseconds(3000));
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.results.size() == 2);
    CHECK(result_for(log, 1)["outcome"] == "deadline");
    CHECK(result_for(log, 1)["attempts"] <= 1);
    // A second of its own would take 1000 ms; a busy machine may hold up even the sliver.
    CHECK(result_for(log, 1)["elapsed_ms"] < 500);
}

TEST_CASE("each URL counts its own polls in a row", "[many][polling]") {
    ScriptedServer first({{200, {}, "a"}});
    ScriptedServer second({{200, {}, "b"}});

    const ProcessResult run = run_rfetch({"--until-status", "200", "--consecutive", "2",
                                          "--interval", "20ms", first.url(), second.url()});

    INFO(run.err);
    CHECK(run.exit_code == 0);
    // Two in a row each: each URL's count starts from none. A URL ready first is polled again
    // while the other is not yet, so how many polls each took depends on how they fell.
    CHECK(first.request_count() >= 2);
    CHECK(second.request_count() >= 2);
    const AttemptLog log = parse_attempt_log(run.err);
    for (const std::size_t index : {std::size_t{0}, std::size_t{1}}) {
        const auto own = std::ranges::find_if(
            log.attempts, [index](const json& attempt) { return attempt["index"] == index; });
        REQUIRE(own != log.attempts.end());
        CHECK_THAT((*own)["reason"].get<std::string>(), Catch::EndsWith(", 1 of 2 in a row"));
        CHECK_THAT(result_for(log, index)["reason"].get<std::string>(),
                   Catch::Contains(" of 2 in a row"));
    }
}

TEST_CASE("a seed (--seed) reproduces each URL's waits in a -Z run", "[many]") {
    // Each URL draws from its own stream of the seed, so the order in which the transfers end
    // cannot change which wait a URL gets.
    auto waits_by_url = [] {
        ScriptedServer first({{503, {}, ""}, {503, {}, ""}, {200, {}, "a"}});
        ScriptedServer second({{503, {}, ""}, {503, {}, ""}, {200, {}, "b"}});
        const ProcessResult run =
            run_rfetch({"-Z", "--seed", "7", "--delay", "40ms", first.url(), second.url()});
        REQUIRE(run.exit_code == 0);
        std::map<std::size_t, std::vector<int>> waits;
        for (const json& attempt : parse_attempt_log(run.err).attempts) {
            if (attempt.contains("delay_ms")) {
                waits[attempt["index"].get<std::size_t>()].push_back(
                    attempt["delay_ms"].get<int>());
            }
        }
        return waits;
    };
    const auto once = waits_by_url();
    REQUIRE(once.size() == 2);
    CHECK(once.at(0).size() == 2);
    CHECK(once.at(0) != once.at(1));
    for (int run = 0; run < 3; ++run) {
        CHECK(waits_by_url() == once);
    }
}
