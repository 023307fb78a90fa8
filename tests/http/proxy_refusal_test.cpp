// A proxy that refuses the tunnel (RFC 9110 §15.5.8 for 407, §9.3.6 for CONNECT) has decided:
// asking again gets the same answer, so the refusal is final, not a reset to retry.

#include <catch2/catch.hpp>

#include "raw_server.h"
#include "transport_fixture.h"

using namespace rfetch;
using namespace rfetch::test;

TEST_CASE("a proxy's refusal of CONNECT is a proxy failure, and the handle stays usable",
          "[proxy]") {
    const auto [status, text] = GENERATE(table<int, std::string>({
        {407, "Proxy Authentication Required"},
        {403, "Forbidden"},
    }));
    RawServer proxy({{RawMove::reply, "HTTP/1.1 " + std::to_string(status) + " " + text +
                                          "\r\nContent-Length: 0\r\n\r\n"},
                     {RawMove::reply, http_response(200, "good")}});
    TransferSettings transfer;
    transfer.proxy = proxy.url();
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi), transfer);

    const AttemptResult refused = transport.perform(request_for("https://origin.invalid/"));
    REQUIRE(refused.failure);
    INFO(refused.failure->message);
    CHECK(refused.failure->kind == FailureKind::proxy);
    CHECK_THAT(proxy.request_heads().at(0), Catch::StartsWith("CONNECT origin.invalid:443"));

    const AttemptResult good = transport.perform(request_for("http://origin.invalid/"));
    CHECK_FALSE(good.failure);
    CHECK(transport.body() == "good");
}
