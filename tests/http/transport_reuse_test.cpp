// Each failure kind, then a good attempt on the same transport: a handle that a failure left
// unusable turns every retry after it into that failure, or worse.

#include <catch2/catch.hpp>

#include "raw_server.h"
#include "transport_fixture.h"

using namespace rfetch;
using namespace rfetch::test;

namespace {

const std::string kPartial = "PARTIAL";

// The failing attempt, then a good one on the same transport, which must get the whole body.
void fails_then_recovers(EitherTransport& transport, const std::string& failing_url,
                         FailureKind expected, const std::string& good_url,
                         const AttemptLimits& limits = {}) {
    const AttemptResult failed = transport.perform(request_for(failing_url), limits);
    REQUIRE(failed.failure);
    CHECK(failed.failure->kind == expected);
    INFO(failed.failure->message);

    const AttemptResult good = transport.perform(request_for(good_url));
    CHECK_FALSE(good.failure);
    REQUIRE(good.response);
    CHECK(good.response->status == 200);
    CHECK(transport.body() == "good");
}

}  // namespace

TEST_CASE("a dns failure leaves the handle reusable", "[reuse]") {
    RawServer good({{RawMove::reply, http_response(200, "good")}});
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi));
    fails_then_recovers(transport, "http://nonexistent.invalid/", FailureKind::dns, good.url());
}

TEST_CASE("a refused connection leaves the handle reusable", "[reuse]") {
    RawServer good({{RawMove::reply, http_response(200, "good")}});
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi));
    fails_then_recovers(transport, "http://127.0.0.1:" + std::to_string(unused_port()) + "/",
                        FailureKind::connect, good.url());
}

TEST_CASE("a timeout leaves the handle reusable", "[reuse]") {
    RawServer server({{RawMove::hang, ""}, {RawMove::reply, http_response(200, "good")}});
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi));
    AttemptLimits limits;
    limits.total = Duration{300};
    fails_then_recovers(transport, server.url(), FailureKind::timeout, server.url(), limits);
}

TEST_CASE("a reset, an empty reply and a short body leave the handle reusable", "[reuse]") {
    const auto [move, expected] = GENERATE(table<RawMove, FailureKind>({
        {RawMove::reset_mid_body, FailureKind::reset},
        {RawMove::close_silently, FailureKind::empty},
        {RawMove::close_mid_body, FailureKind::partial},
    }));
    RawServer server(
        {{move, http_head_promising(100, kPartial)}, {RawMove::reply, http_response(200, "good")}});
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi));
    fails_then_recovers(transport, server.url(), expected, server.url());
}

TEST_CASE("a failed TLS handshake leaves the handle reusable", "[reuse]") {
    // Plain HTTP where the handshake expects a ServerHello.
    RawServer server({{RawMove::greet, http_response(400, "not TLS")},
                      {RawMove::reply, http_response(200, "good")}});
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi));
    fails_then_recovers(transport, "https://127.0.0.1:" + std::to_string(server.port()) + "/",
                        FailureKind::tls, server.url());
}

TEST_CASE("a proxy that cannot be reached leaves the handle reusable", "[reuse]") {
    const int proxy_port = unused_port();
    TransferSettings transfer;
    transfer.proxy = "http://127.0.0.1:" + std::to_string(proxy_port);
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi), transfer);

    const AttemptResult failed = transport.perform(request_for("http://origin.invalid/"));
    REQUIRE(failed.failure);
    CHECK(failed.failure->kind == FailureKind::connect);

    // The proxy comes up where the first attempt found nothing.
    RawServer proxy({{RawMove::reply, http_response(200, "good")}}, proxy_port);
    const AttemptResult good = transport.perform(request_for("http://origin.invalid/"));
    CHECK_FALSE(good.failure);
    CHECK(transport.body() == "good");
    REQUIRE(proxy.request_heads().size() == 1);
    CHECK_THAT(proxy.request_heads()[0], Catch::StartsWith("GET http://origin.invalid/ HTTP/1.1"));
}
