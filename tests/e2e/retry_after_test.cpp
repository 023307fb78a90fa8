// Retry-After (RFC 9110 §10.2.3): rfetch never comes back sooner than the server asked, gives
// up at once when asked to wait too long, and falls back to its backoff on nonsense.

#include <catch2/catch.hpp>
#include <ctime>
#include <memory>
#include <mutex>
#include <string>

#include "log_events.h"
#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"

using namespace rfetch::test;
using std::chrono::milliseconds;

namespace {

// An HTTP-date `seconds_ahead` from now, in the given strftime form, always in GMT.
std::string http_date_ahead(int seconds_ahead, const char* format) {
    const std::time_t when = std::time(nullptr) + seconds_ahead;
    std::tm utc{};
    gmtime_r(&when, &utc);
    char text[64];
    return std::string(text, std::strftime(text, sizeof text, format, &utc));
}

}  // namespace

TEST_CASE("429 with Retry-After 1 waits at least one second", "[retry-after]") {
    ScriptedServer server({{429, {{"Retry-After", "1"}}, "slow down"}, {200, {}, "welcome"}});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url()}));

    CHECK(run.exit_code == 0);
    CHECK(run.out == "welcome");
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 2);
    const nlohmann::json& first = log.attempts[0];
    CHECK(first["status"] == 429);
    CHECK(first["decision"] == "retry");
    CHECK(first["delay_source"] == "retry-after");
    CHECK(first["retry_after"] == "1");
    // At least what was asked, and at most 10% more (the backoff here is only 10 ms).
    CHECK(first["delay_ms"].get<long long>() >= 1000);
    CHECK(first["delay_ms"].get<long long>() <= 1100);
    CHECK_FALSE(log.attempts[1].contains("retry_after"));
    REQUIRE(server.request_count() == 2);
    // Measured where it matters, on the server: the second request came no sooner than asked.
    CHECK(gap_ms(server.requests()) >= 1000);
    CHECK(gap_ms(server.requests()) < 3000);
}

TEST_CASE("Retry-After shorter than the backoff does not shorten the backoff", "[retry-after]") {
    ScriptedServer server({{503, {{"Retry-After", "0"}}, "busy"}, {200, {}, "ok"}});

    const ProcessResult run = run_rfetch({server.url(), "--delay", "300ms", "--jitter", "none"});

    CHECK(run.exit_code == 0);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 2);
    CHECK(log.attempts[0]["delay_ms"] == 300);
    CHECK(log.attempts[0]["delay_source"] == "backoff");
    CHECK(gap_ms(server.requests()) >= 300);
}

TEST_CASE("503 with an HTTP-date Retry-After waits until about that date", "[retry-after]") {
    // RFC 9110 §5.6.7: recipients accept IMF-fixdate and the two obsolete forms.
    const char* format = GENERATE("%a, %d %b %Y %H:%M:%S GMT",  // IMF-fixdate
                                  "%A, %d-%b-%y %H:%M:%S GMT",  // RFC 850
                                  "%a %b %e %H:%M:%S %Y");      // asctime
    // The date is written when the request comes, 3 s ahead: a date written before rfetch
    // started would come closer by however long a sanitized build on a busy machine takes to
    // start (more than a second has been seen).
    struct Written {
        std::mutex mutex;
        std::string date;
    };
    auto written = std::make_shared<Written>();
    RawStep busy(RawMove::reply, "");
    busy.respond = [format, written](const std::string&) {
        const std::lock_guard lock(written->mutex);
        written->date = http_date_ahead(3, format);
        return "HTTP/1.1 503 Service Unavailable\r\nRetry-After: " + written->date +
               "\r\nContent-Length: 4\r\n\r\nbusy";
    };
    RawServer server({busy, RawStep(RawMove::reply, http_response(200, "done"))});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url()}));

    const std::string date = [&written] {
        const std::lock_guard lock(written->mutex);
        return written->date;
    }();
    INFO("Retry-After: " << date);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "done");
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 2);
    CHECK(log.attempts[0]["delay_source"] == "retry-after");
    CHECK(log.attempts[0]["retry_after"] == date);
    // The date has one-second resolution, so "3 s ahead" means somewhere in (2 s, 3 s], less
    // the answer's way to rfetch's decision; the 10 ms backoff would be far below.
    CHECK(log.attempts[0]["delay_ms"].get<long long>() >= 1000);
    CHECK(log.attempts[0]["delay_ms"].get<long long>() <= 3300);
    REQUIRE(server.request_count() == 2);
    const auto times = server.request_times();
    REQUIRE(times.size() == 2);
    CHECK(times[1] - times[0] >= milliseconds(1000));
}

TEST_CASE("an unparseable Retry-After falls back to the backoff", "[retry-after]") {
    ScriptedServer server({{503, {{"Retry-After", "soon"}}, "busy"}, {200, {}, "ok"}});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url()}));

    CHECK(run.exit_code == 0);
    CHECK(run.out == "ok");
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 2);
    CHECK(log.attempts[0]["decision"] == "retry");
    CHECK(log.attempts[0]["delay_source"] == "backoff");
    CHECK(log.attempts[0]["retry_after"] == "soon");
    CHECK(log.attempts[0]["delay_ms"].get<long long>() <= 50);
    // No wait of a second or more, with room for a slow start and exit.
    CHECK(run.wall < milliseconds(2000));
    CHECK(server.request_count() == 2);
}

TEST_CASE("an absurd Retry-After gives up at once", "[retry-after]") {
    ScriptedServer server({{503, {{"Retry-After", "99999999"}}, "come back next year"}});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url()}));

    CHECK(run.exit_code == 22);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 1);
    CHECK(log.attempts[0]["decision"] == "give_up");
    CHECK(log.attempts[0]["retry_after"] == "99999999");
    CHECK(log.result()["outcome"] == "retry_after_too_long");
    CHECK(log.result()["exit_code"] == 22);
    CHECK(log.result()["elapsed_ms"].get<long long>() < 1000);
    CHECK(run.wall < milliseconds(2000));
    CHECK(server.request_count() == 1);
}

TEST_CASE("a Retry-After too large to hold is reported as what the server asked, not less",
          "[retry-after]") {
    const std::string value = GENERATE("99999999999999999999", "Thu, 01 Jan 2099 00:00:00 GMT");
    INFO(value);
    ScriptedServer server({{503, {{"Retry-After", value}}, "come back much later"}});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url()}));

    CHECK(run.exit_code == 22);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.result()["outcome"] == "retry_after_too_long");
    CHECK_THAT(log.result()["reason"].get<std::string>(),
               Catch::Contains("Retry-After asks for 1000000000s or more, more than the limit "
                               "of 2m"));
    CHECK(server.request_count() == 1);
}

TEST_CASE("a Retry-After over --max-retry-after gives up", "[retry-after]") {
    ScriptedServer server({{429, {{"Retry-After", "3"}}, "later"}});

    const ProcessResult run =
        run_rfetch(with_fast_retries({server.url(), "--max-retry-after", "2s"}));

    CHECK(run.exit_code == 22);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.result()["outcome"] == "retry_after_too_long");
    // The core names the limit; the CLI names the flag that raises it, in every reason.
    CHECK_THAT(log.attempts.at(0)["reason"].get<std::string>(),
               Catch::Contains("more than the limit of 2s (raise --max-retry-after"));
    CHECK_THAT(log.result()["reason"].get<std::string>(), Catch::Contains("--max-retry-after"));
    CHECK(run.wall < milliseconds(2000));
    CHECK(server.request_count() == 1);
}

TEST_CASE("a Retry-After that would pass the deadline gives up at once", "[retry-after]") {
    ScriptedServer server({{503, {{"Retry-After", "5"}}, "later"}});

    const ProcessResult run = run_rfetch(with_fast_retries({server.url(), "--deadline", "3s"}));

    CHECK(run.exit_code == 28);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.attempts.size() == 1);
    CHECK(log.result()["outcome"] == "deadline");
    CHECK(log.result()["exit_code"] == 28);
    CHECK(run.wall < milliseconds(2000));
    CHECK(server.request_count() == 1);
}
