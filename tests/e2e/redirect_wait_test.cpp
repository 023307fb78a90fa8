// Retry-After on a redirect (RFC 9110 §10.2.3), issue 15 item 2: with -L rfetch waits at least
// that long before it follows, within --max-retry-after and the deadline, and a signal ends
// the wait; without -L the redirect is the answer, as before.

#include <catch2/catch.hpp>
#include <csignal>
#include <ctime>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"

using namespace rfetch::test;
using std::chrono::milliseconds;

namespace {

// A redirect with `status` to /next that asks for `retry_after`, then the final answer.
std::vector<ScriptedReply> waiting_redirect(int status, const std::string& retry_after) {
    return {{status, {{"Location", "/next"}, {"Retry-After", retry_after}}, "moved"},
            {200, {}, "arrived"}};
}

std::vector<nlohmann::json> wait_events(const AttemptLog& log) {
    std::vector<nlohmann::json> waits;
    for (const nlohmann::json& event : log.events) {
        if (event["event"] == "wait") {
            waits.push_back(event);
        }
    }
    return waits;
}

}  // namespace

TEST_CASE("with -L a 302 with Retry-After 1 is followed no sooner than a second later",
          "[redirect-wait]") {
    ScriptedServer server(waiting_redirect(302, "1"));

    const ProcessResult run = run_rfetch({"-L", server.url()});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "arrived");  // the redirect's own body goes nowhere
    const auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[1].target == "/next");
    CHECK(gap_ms(seen) >= 1000);
    CHECK(gap_ms(seen) < 3000);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["status"] == 200);
    CHECK(log.result()["status"] == 200);
    CHECK(log.result()["effective_url"] == server.url("/next"));
    const auto waits = wait_events(log);
    REQUIRE(waits.size() == 1);
    CHECK(waits[0]["why"] == "redirect");
    CHECK(waits[0]["delay_source"] == "retry-after");
    CHECK(waits[0]["attempt"] == 1);
    CHECK(waits[0]["waited_ms"].get<long long>() >= 1000);
}

TEST_CASE("without -L a redirect with Retry-After is the answer, at once", "[redirect-wait]") {
    ScriptedServer server(waiting_redirect(302, "5"));

    const ProcessResult run = run_rfetch({server.url()});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "moved");
    CHECK(server.request_count() == 1);
    CHECK(run.wall < milliseconds(2000));
    CHECK(wait_events(parse_attempt_log(run.err)).empty());
}

TEST_CASE("a POST answered by a 303 with Retry-After is followed by a GET without its body",
          "[redirect-wait]") {
    const auto [status, method, body] = GENERATE(table<int, std::string, std::string>({
        {303, "GET", ""},
        {302, "GET", ""},
        {301, "GET", ""},
        {307, "POST", "the form"},
    }));
    INFO("status " << status);
    ScriptedServer server(waiting_redirect(status, "1"));

    const ProcessResult run = run_rfetch({"-L", "-d", "the form", "-w", "%{method}", server.url()});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "arrived" + method);
    const auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].method == "POST");
    CHECK(seen[1].method == method);
    CHECK(seen[1].body == body);
    CHECK(gap_ms(seen) >= 1000);
}

TEST_CASE("a redirect's Retry-After past the deadline ends the run with exit 28, unfollowed",
          "[redirect-wait]") {
    ScriptedServer server(waiting_redirect(302, "5"));

    const ProcessResult run = run_rfetch({"-L", "--deadline", "2s", server.url()});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 28);
    CHECK(run.out.empty());
    CHECK(server.request_count() == 1);
    CHECK(run.wall < milliseconds(1500));  // at once, not at the deadline
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["status"] == 302);
    CHECK(log.attempts[0]["retry_after"] == "5");
    CHECK(log.result()["outcome"] == "deadline");
    CHECK(log.result()["reason"].get<std::string>().find("left before the deadline") !=
          std::string::npos);
    CHECK(wait_events(log).empty());
}

TEST_CASE("a redirect's Retry-After above --max-retry-after is refused as a 503's is",
          "[redirect-wait]") {
    ScriptedServer server(waiting_redirect(307, "100000"));

    const ProcessResult run = run_rfetch({"-L", "--max-retry-after", "3s", server.url()});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 22);
    CHECK(server.request_count() == 1);
    CHECK(run.wall < milliseconds(1500));
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.result()["outcome"] == "retry_after_too_long");
    CHECK(log.result()["reason"].get<std::string>().find("--max-retry-after") != std::string::npos);
}

TEST_CASE("a redirect's Retry-After as an HTTP-date is waited until about that date",
          "[redirect-wait]") {
    const std::time_t when = std::time(nullptr) + 3;
    std::tm utc{};
    gmtime_r(&when, &utc);
    char text[64];
    const std::string date(text,
                           std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc));
    ScriptedServer server(waiting_redirect(302, date));

    const ProcessResult run = run_rfetch({"-L", server.url()});

    INFO("Retry-After: " << date << "\nstderr: " << run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "arrived");
    const auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    // The date has whole seconds: between two and three seconds away when the test began.
    CHECK(gap_ms(seen) >= 1000);
    CHECK(gap_ms(seen) < 5000);
}

TEST_CASE("a redirect's wait does not count against -m, which bounds its requests",
          "[redirect-wait]") {
    // The second request takes 300 ms of the 1 s that -m allows: had the 2 s wait counted,
    // nothing would be left for it.
    ScriptedServer server({{302, {{"Location", "/next"}, {"Retry-After", "2"}}, "moved"},
                           {200, {}, "arrived", milliseconds(300)}});

    const ProcessResult run = run_rfetch({"-L", "-m", "1", "--retries", "0", server.url()});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "arrived");
    CHECK(server.request_count() == 2);
}

TEST_CASE("with -Z a redirect's wait holds up no other transfer", "[redirect-wait]") {
    ScriptedServer waiting(waiting_redirect(302, "2"));
    ScriptedServer slow({{200, {}, "slow", milliseconds(500)}});

    const ProcessResult run = run_rfetch({"-Z", "-L", waiting.url(), slow.url()});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 0);
    REQUIRE(waiting.request_count() == 2);
    CHECK(gap_ms(waiting.requests()) >= 2000);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.results.size() == 2);
    for (const nlohmann::json& result : log.results) {
        if (result["index"] == 1) {
            // Answered in about half a second, while the other transfer waited two.
            CHECK(result["elapsed_ms"].get<long long>() < 1500);
        } else {
            CHECK(result["elapsed_ms"].get<long long>() >= 2000);
        }
    }
    // The slow one ended first.
    CHECK(log.results[0]["index"] == 1);
}

TEST_CASE("a signal during a redirect's wait ends the run promptly as interrupted",
          "[redirect-wait][signals]") {
    const bool many = GENERATE(false, true);
    INFO((many ? "-Z" : "one URL"));
    ScriptedServer server(waiting_redirect(302, "30"));
    std::vector<std::string> args{"-L", server.url()};
    if (many) {
        args.insert(args.begin(), "-Z");
    }

    // Half a second after the redirect went out: its head has long arrived, and the wait of 30 s
    // is under way. Signalled as the request arrives, it would cut the transfer instead.
    const auto waiting = [&server](const std::string&) {
        const auto seen = server.requests();
        return !seen.empty() && Clock::now() - seen[0].arrived > milliseconds(500);
    };
    const ProcessResult run = run_rfetch(args, signalling_when(SIGTERM, waiting));

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 143);
    CHECK_FALSE(run.timed_out);
    CHECK(run.signalled_at > milliseconds(0));
    CHECK(run.wall - run.signalled_at < milliseconds(2000));
    CHECK(server.request_count() == 1);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["error"] == "aborted");
    CHECK(log.result()["outcome"] == "interrupted");
    const auto waits = wait_events(log);
    REQUIRE(waits.size() == 1);
    CHECK(waits[0]["why"] == "redirect");
}

TEST_CASE("a redirect followed after its wait names where it came from with referer auto",
          "[redirect-wait][curl]") {
    // libcurl's own following sends the Referer; rfetch's, after the wait, must too.
    ScriptedServer server(waiting_redirect(302, "1"));

    const ProcessResult run = run_rfetch({"-L", "-e", ";auto", server.url("/first")});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 0);
    const auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].header_values("Referer").empty());
    CHECK(seen[1].header_values("Referer") == std::vector<std::string>{server.url("/first")});
}

TEST_CASE("no hedge goes out while a redirect's wait is under way", "[redirect-wait][hedge]") {
    // The server answered, and asked for a wait: a hedge would be asked the same.
    ScriptedServer server(waiting_redirect(302, "1"));

    const ProcessResult run = run_rfetch({"-L", "--hedge-after", "100ms", server.url()});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "arrived");
    const auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[1].target == "/next");
    const AttemptLog log = parse_attempt_log(run.err);
    for (const nlohmann::json& event : log.events) {
        CHECK(event["event"] != "hedge");
    }
}

TEST_CASE(
    "a redirect with Retry-After to a Location rfetch cannot follow fails at once, as without",
    "[redirect-wait]") {
    // A port out of range does not resolve (curl's exit 3), and ftp:// is a scheme redirects
    // may not lead to (curl's exit 1): libcurl says so at once, Retry-After or not.
    const auto [location, exit_code] = GENERATE(table<std::string, int>({
        {"http://127.0.0.1:99999/x", 3},
        {"ftp://127.0.0.1/x", 1},
    }));
    const bool asks_to_wait = GENERATE(false, true);
    INFO(location << (asks_to_wait ? " with Retry-After" : " without Retry-After"));
    ScriptedReply redirect{302, {{"Location", location}}, "moved"};
    if (asks_to_wait) {
        redirect.headers.emplace_back("Retry-After", "2");
    }
    ScriptedServer server({redirect});

    const ProcessResult run = run_rfetch({"-L", "--retries", "0", server.url()});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == exit_code);
    CHECK(run.out.empty());
    CHECK(server.request_count() == 1);
    CHECK(run.wall < milliseconds(1500));
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.result()["outcome"] != "success");
    CHECK(log.result()["output"] == "none");
    CHECK(wait_events(log).empty());
}

TEST_CASE("write-out %{redirect_url} names the Location when a run ends at a redirect's wait",
          "[redirect-wait][write-out]") {
    const auto [flag, value, exit_code] = GENERATE(table<std::string, std::string, int>({
        {"--max-redirs", "0", 47},
        {"--max-retry-after", "5s", 22},
        {"--deadline", "3s", 28},
    }));
    INFO(flag << " " << value);
    ScriptedServer server(waiting_redirect(302, "30"));

    const ProcessResult run =
        run_rfetch({"-L", flag, value, "-w", "%{redirect_url}", server.url("/from")});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == exit_code);
    CHECK(run.out == server.url("/next"));
    CHECK(server.request_count() == 1);
}

TEST_CASE("a redirect's refused wait fails the run with --no-fail too, and writes nothing",
          "[redirect-wait]") {
    // --no-fail makes an error status the answer; a redirect that was not followed is none,
    // and its body was never read.
    const auto [flag, value, exit_code, outcome] =
        GENERATE(table<std::string, std::string, int, std::string>({
            {"--max-retry-after", "5s", 22, "retry_after_too_long"},
            {"--deadline", "3s", 28, "deadline"},
        }));
    INFO(flag << " " << value);
    ScriptedServer server(waiting_redirect(302, "30"));

    const ProcessResult run = run_rfetch({"-L", "--no-fail", flag, value, server.url()});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == exit_code);
    CHECK(run.out.empty());
    CHECK(server.request_count() == 1);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.result()["outcome"] == outcome);
    CHECK(log.result()["output"] == "none");
}

TEST_CASE("with hedging too a redirect's wait does not count against -m",
          "[redirect-wait][hedge]") {
    // As without hedges: the 2 s wait is the deadline's to bound, and the second request has
    // the 1 s of -m for its 300 ms.
    ScriptedServer server({{302, {{"Location", "/next"}, {"Retry-After", "2"}}, "moved"},
                           {200, {}, "arrived", milliseconds(300)}});

    const ProcessResult run =
        run_rfetch({"-L", "-m", "1", "--retries", "0", "--hedge-after", "500ms", server.url()});

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "arrived");
    CHECK(server.request_count() == 2);
}

TEST_CASE("a PUT's redirect with Retry-After to a Location rfetch cannot follow fails at once too",
          "[redirect-wait]") {
    // rfetch follows a PUT's redirects itself: the same Location fails as it does without
    // Retry-After, with no wait first.
    const std::string location = GENERATE("http://127.0.0.1:99999/x", "ftp://127.0.0.1/x");
    INFO(location);
    const auto fetch = [&location](bool asks_to_wait) {
        ScriptedReply redirect{307, {{"Location", location}}, "moved"};
        if (asks_to_wait) {
            redirect.headers.emplace_back("Retry-After", "2");
        }
        ScriptedServer server({redirect});
        const ProcessResult run =
            run_rfetch({"-L", "-X", "PUT", "-d", "x", "--retries", "0", server.url()});
        CHECK(server.request_count() == 1);
        return run;
    };

    const ProcessResult plain = fetch(false);
    const ProcessResult asked = fetch(true);

    INFO("stderr: " << asked.err);
    CHECK(plain.exit_code != 0);
    CHECK(asked.exit_code == plain.exit_code);
    CHECK(asked.out.empty());
    CHECK(asked.wall < milliseconds(1500));
    CHECK(wait_events(parse_attempt_log(asked.err)).empty());
}
