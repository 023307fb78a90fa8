// Redirects of a custom method, which the transport follows itself: each hop's request is
// what RFC 9110 §15.4 asks for, on the blocking and the multi transport alike.

#include <catch2/catch.hpp>

#include "scripted_server.h"
#include "transport_fixture.h"

using namespace rfetch;
using namespace rfetch::test;

TEST_CASE("a PUT keeps its body through a 308, then a 303 makes it a GET", "[redirect]") {
    ScriptedServer server({{308, {{"Location", "/moved"}}, "body of the 308"},
                           {303, {{"Location", "/see"}}, "body of the 303"},
                           {200, {}, "done"}});
    TransferSettings transfer;
    transfer.follow_redirects = true;
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi), transfer);

    const AttemptResult result = transport.perform(request_for(server.url(), "PUT", "payload"));

    CHECK_FALSE(result.failure);
    REQUIRE(result.response);
    CHECK(result.response->status == 200);
    CHECK(result.response->method == "GET");
    CHECK(result.response->effective_url == server.url("/see"));
    CHECK(transport.body() == "done");  // no redirect's body reaches the sink
    const auto seen = server.requests();
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].method == "PUT");
    CHECK(seen[1].method == "PUT");
    CHECK(seen[1].target == "/moved");
    CHECK(seen[1].body == "payload");
    CHECK(seen[2].method == "GET");
    CHECK(seen[2].body.empty());
}

TEST_CASE("without -L a redirect of a custom method is the answer", "[redirect]") {
    ScriptedServer server({{307, {{"Location", "/moved"}}, "see /moved"}});
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi));

    const AttemptResult result = transport.perform(request_for(server.url(), "DELETE"));

    REQUIRE(result.response);
    CHECK(result.response->status == 307);
    CHECK(result.response->method == "DELETE");
    CHECK(transport.body() == "see /moved");
    CHECK(server.request_count() == 1);
}
