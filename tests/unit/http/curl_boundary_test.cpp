#include <catch2/catch.hpp>

#include "http/curl_failure.h"
#include "http/http_date.h"

using namespace rfetch;

TEST_CASE("libcurl reads all three HTTP-date forms", "[http-date]") {
    // RFC 9110 §5.6.7's own example, in IMF-fixdate, obsolete RFC 850 and asctime form.
    const auto expected = std::chrono::system_clock::from_time_t(784111777);
    CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == expected);
    CHECK(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == expected);
    CHECK(parse_http_date("Sun Nov  6 08:49:37 1994") == expected);
}

TEST_CASE("dates past the clock's range are clamped to its ends", "[http-date]") {
    const auto far_future = parse_http_date("Fri, 31 Dec 9999 23:59:59 GMT");
    REQUIRE(far_future);
    CHECK(*far_future > parse_http_date("Sun, 06 Nov 2261 08:49:37 GMT"));
    const auto far_past = parse_http_date("Mon, 01 Jan 1600 00:00:00 GMT");
    REQUIRE(far_past);
    CHECK(*far_past < std::chrono::system_clock::from_time_t(0));
}

TEST_CASE("garbage is not a date", "[http-date]") {
    CHECK_FALSE(parse_http_date("soon").has_value());
    CHECK_FALSE(parse_http_date("").has_value());
}

TEST_CASE("libcurl codes map to closed failure kinds", "[curl-failure]") {
    CHECK(failure_kind_for(CURLE_COULDNT_RESOLVE_HOST) == FailureKind::dns);
    CHECK(failure_kind_for(CURLE_COULDNT_CONNECT) == FailureKind::connect);
    CHECK(failure_kind_for(CURLE_OPERATION_TIMEDOUT) == FailureKind::timeout);
    CHECK(failure_kind_for(CURLE_RECV_ERROR) == FailureKind::reset);
    CHECK(failure_kind_for(CURLE_SEND_ERROR) == FailureKind::reset);
    CHECK(failure_kind_for(CURLE_GOT_NOTHING) == FailureKind::empty);
    CHECK(failure_kind_for(CURLE_PARTIAL_FILE) == FailureKind::partial);
    CHECK(failure_kind_for(CURLE_PEER_FAILED_VERIFICATION) == FailureKind::tls);
    CHECK(failure_kind_for(CURLE_SSL_CONNECT_ERROR) == FailureKind::tls);
    for (const CURLcode code :
         {CURLE_SSL_CERTPROBLEM, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_CIPHER,
          CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
          CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED}) {
        CHECK(failure_kind_for(code) == FailureKind::tls_setup);
    }
    CHECK(failure_kind_for(CURLE_TOO_MANY_REDIRECTS) == FailureKind::redirects);
    CHECK(failure_kind_for(CURLE_UNSUPPORTED_PROTOCOL) == FailureKind::bad_url);
    CHECK(failure_kind_for(CURLE_WEIRD_SERVER_REPLY) == FailureKind::protocol);
    CHECK(failure_kind_for(CURLE_ABORTED_BY_CALLBACK) == FailureKind::aborted);
    CHECK(failure_kind_for(CURLE_OUT_OF_MEMORY) == FailureKind::other);
}
