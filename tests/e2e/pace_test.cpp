// --rate: attempts start at a steady pace across every URL, every -Z transfer and every retry.

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"

using namespace rfetch::test;
using std::chrono::milliseconds;

namespace {

// The shortest time between two requests the server saw, in arrival order.
long long shortest_gap_ms(std::vector<SeenRequest> requests) {
    std::ranges::sort(requests, {}, &SeenRequest::arrived);
    long long shortest = 1'000'000;
    for (std::size_t i = 1; i < requests.size(); ++i) {
        shortest = std::min<long long>(shortest, std::chrono::duration_cast<milliseconds>(
                                                     requests[i].arrived - requests[i - 1].arrived)
                                                     .count());
    }
    return shortest;
}

}  // namespace

TEST_CASE("with -Z, --rate spaces the transfers' requests evenly", "[pace]") {
    ScriptedServer server({{200, {}, "a"}, {200, {}, "b"}, {200, {}, "c"}, {200, {}, "d"}});

    const ProcessResult run = run_rfetch({"-Z", "--rate", "5/s", server.url("/1"), server.url("/2"),
                                          server.url("/3"), server.url("/4")});

    CHECK(run.exit_code == 0);
    REQUIRE(server.request_count() == 4);
    // 200 ms apart as rfetch sent them. The server sees each one late by the time its
    // connection and rfetch's transfer take, which differs between them (the first transfer of
    // a sanitized build on a busy machine is the slowest), so the bound leaves 100 ms of it,
    // as the retries' test does; without the pace they come at once.
    CHECK(shortest_gap_ms(server.requests()) >= 100);
    CHECK(run.wall >= milliseconds(590));
    CHECK(run.wall < milliseconds(3000));
    // Three transfers waited for their turn, and the log says so.
    const AttemptLog log = parse_attempt_log(run.err);
    long long paced = 0;
    for (const auto& event : log.events) {
        if (event["event"] == "wait") {
            CHECK(event["why"] == "pace");
            paced += event["waited_ms"].get<long long>();
        }
    }
    CHECK(paced >= 3 * 180);
}

TEST_CASE("the pace of --rate holds retries too", "[pace]") {
    ScriptedServer server({{503, {}, "busy"}, {503, {}, "busy"}, {200, {}, "ok"}});

    const ProcessResult run = run_rfetch(with_fast_retries({"--rate", "4/s", server.url()}));

    CHECK(run.exit_code == 0);
    REQUIRE(server.request_count() == 3);
    // 250 ms apart, less what a loaded machine adds to one request's way and not the other's;
    // the retries alone would come at most 50 ms apart.
    CHECK(shortest_gap_ms(server.requests()) >= 150);
}

TEST_CASE("a pace that would pass the deadline ends the run with nothing more sent", "[pace]") {
    ScriptedServer server({{200, {}, "one"}, {200, {}, "two"}});

    const ProcessResult run =
        run_rfetch({"--rate", "1/m", "--deadline", "2s", server.url("/1"), server.url("/2")});

    CHECK(run.exit_code == 28);
    CHECK(run.out == "one");
    CHECK(server.request_count() == 1);
    CHECK(run.wall < milliseconds(2000));
}

TEST_CASE("a rate that is not N/UNIT is refused before anything is sent", "[pace]") {
    ScriptedServer server({{200, {}, "ok"}});
    for (const char* bad : {"0/s", "fast", "5/w", "5/", "1.5/s", "2000000/s"}) {
        INFO(bad);
        const ProcessResult run = run_rfetch({"--rate", bad, server.url()});
        CHECK(run.exit_code == 2);
        CHECK(run.err.find("--rate") != std::string::npos);
    }
    CHECK(server.request_count() == 0);
}
