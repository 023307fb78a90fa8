// curl's -B (CURLOPT_TRANSFERTEXT): over HTTP it changes only an ftp:// URL handed to an HTTP
// proxy (libcurl asks for ;type=a in place of ;type=i), which rfetch's transports do not fetch;
// an http:// request goes out as it would without it.

#include <catch2/catch.hpp>

#include "raw_server.h"
#include "transport_fixture.h"

using namespace rfetch;
using namespace rfetch::test;

TEST_CASE("ASCII transfer leaves an http:// request as it is", "[proxy]") {
    RawServer server({{RawMove::reply, http_response(200, "plain")}});
    TransferSettings transfer;
    transfer.transfer_text = true;
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi), transfer);

    const AttemptResult result = transport.perform(request_for(server.url("/page;x")));

    REQUIRE_FALSE(result.failure);
    CHECK(transport.body() == "plain");
    CHECK_THAT(server.request_heads().at(0), Catch::StartsWith("GET /page;x HTTP/1.1\r\n"));
}
