#include "core/retry_set.h"

#include <catch2/catch.hpp>

using rfetch::FailureKind;
using rfetch::parse_retry_set;
using rfetch::RetrySet;

TEST_CASE("the default set holds the transient statuses and kinds", "[retry-set]") {
    const RetrySet set = RetrySet::defaults();
    for (const int status : {408, 429, 500, 502, 503, 504}) {
        CHECK(set.contains(status));
    }
    for (const int status : {200, 301, 400, 401, 403, 404, 409, 418, 501, 505}) {
        CHECK_FALSE(set.contains(status));
    }
    for (const auto kind : {FailureKind::dns, FailureKind::connect, FailureKind::timeout,
                            FailureKind::reset, FailureKind::empty, FailureKind::partial}) {
        CHECK(set.contains(kind));
    }
    for (const auto kind : {FailureKind::tls, FailureKind::bad_url, FailureKind::redirects,
                            FailureKind::protocol, FailureKind::write, FailureKind::aborted}) {
        CHECK_FALSE(set.contains(kind));
    }
}

TEST_CASE("the --retry-on list replaces the set with codes, classes and kinds", "[retry-set]") {
    const auto parsed = parse_retry_set("503,4xx,tls");
    REQUIRE(parsed.set);
    CHECK(parsed.set->contains(503));
    CHECK(parsed.set->contains(404));
    CHECK(parsed.set->contains(FailureKind::tls));
    CHECK_FALSE(parsed.set->contains(500));
    CHECK_FALSE(parsed.set->contains(FailureKind::timeout));
}

TEST_CASE("a --retry-on list names the first item it cannot read", "[retry-set]") {
    CHECK(parse_retry_set("503,bogus,5xx").bad_item == "bogus");
    CHECK(parse_retry_set("600").bad_item == "600");
    CHECK(parse_retry_set("6xx").bad_item == "6xx");
    CHECK(parse_retry_set("200").bad_item == "200");
    CHECK(parse_retry_set("3xx").bad_item == "3xx");
    CHECK(parse_retry_set("503,").bad_item.empty());
    CHECK_FALSE(parse_retry_set("503,").set);
    CHECK_FALSE(parse_retry_set("").set);
    CHECK(parse_retry_set("bad_url").bad_item == "bad_url");
}
