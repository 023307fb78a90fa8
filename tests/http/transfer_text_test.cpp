// curl's -B (CURLOPT_TRANSFERTEXT) changes nothing over HTTP, in curl 7.88 as in rfetch: libcurl
// adds ;type=a to an ftp:// URL sent to an HTTP proxy only with CURLOPT_PROXY_TRANSFER_MODE,
// which curl's tool never sets (its test 1092).

#include <catch2/catch.hpp>

#include "raw_server.h"
#include "transport_fixture.h"

using namespace rfetch;
using namespace rfetch::test;

TEST_CASE("ASCII transfer sends an ftp:// URL to an HTTP proxy as it is", "[proxy]") {
    const std::string url = GENERATE(as<std::string>{}, "ftp://origin.invalid/dir/file",
                                     "ftp://origin.invalid/dir/file;type=i");
    RawServer proxy({{RawMove::reply, http_response(200, "through")}});
    TransferSettings transfer;
    transfer.proxy = proxy.url();
    transfer.transfer_text = true;
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi), transfer);

    const AttemptResult result = transport.perform(request_for(url));

    REQUIRE_FALSE(result.failure);
    CHECK(transport.body() == "through");
    CHECK_THAT(proxy.request_heads().at(0), Catch::StartsWith("GET " + url + " HTTP/1.1\r\n"));
}

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
