// A body its sink declines is not waited for: the attempt ends with the head, and no failure.

#include <catch2/catch.hpp>

#include "raw_server.h"
#include "transport_fixture.h"

using namespace rfetch;
using namespace rfetch::test;

TEST_CASE("a declined error body ends the transfer at its head", "[declined]") {
    // The head, a few bytes of the promised body, then silence.
    RawServer server({{RawMove::stream_forever,
                       "HTTP/1.1 404 Not Found\r\nContent-Length: 1000\r\n\r\nthe start", "",
                       std::chrono::milliseconds{1000}},
                      {RawMove::reply, http_response(200, "good")}});
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi));
    transport.decline_error_bodies();
    AttemptLimits limits;
    limits.stall = Duration{30'000};

    const auto started = std::chrono::steady_clock::now();
    const AttemptResult result = transport.perform(request_for(server.url()), limits);

    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
    CHECK_FALSE(result.failure);
    REQUIRE(result.response);
    CHECK(result.response->status == 404);
    CHECK(transport.body().empty());
    // The handle goes on to the next attempt.
    CHECK_FALSE(transport.perform(request_for(server.url())).failure);
    CHECK(transport.body() == "good");
}
