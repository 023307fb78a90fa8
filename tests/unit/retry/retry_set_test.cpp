#include "core/retry/retry_set.h"

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
    CHECK(parse_retry_set("tls_setup").bad_item == "tls_setup");
    CHECK(parse_retry_set("503,").bad_item.empty());
    CHECK_FALSE(parse_retry_set("503,").set);
    CHECK_FALSE(parse_retry_set("").set);
    CHECK(parse_retry_set("bad_url").bad_item == "bad_url");
}

TEST_CASE("a signed --retry-on list edits the default set, left to right", "[retry-set]") {
    const auto parsed = parse_retry_set("+409,-503,+tls,-dns");
    REQUIRE(parsed.set);
    CHECK(parsed.set->contains(409));
    CHECK_FALSE(parsed.set->contains(503));
    CHECK(parsed.set->contains(429));
    CHECK(parsed.set->contains(500));
    CHECK(parsed.set->contains(FailureKind::tls));
    CHECK_FALSE(parsed.set->contains(FailureKind::dns));
    CHECK(parsed.set->contains(FailureKind::timeout));

    const auto no_5xx = parse_retry_set("-5xx");
    REQUIRE(no_5xx.set);
    for (const int status : {500, 502, 503, 504}) {
        CHECK_FALSE(no_5xx.set->contains(status));
    }
    CHECK(no_5xx.set->contains(429));

    // A status taken out stays out of a class added before it, and comes back with one after.
    const auto but_501 = parse_retry_set("+5xx,-501");
    REQUIRE(but_501.set);
    CHECK(but_501.set->contains(505));
    CHECK_FALSE(but_501.set->contains(501));
    const auto back = parse_retry_set("-501,+5xx");
    REQUIRE(back.set);
    CHECK(back.set->contains(501));
}

TEST_CASE("a --retry-on list is all signed or all plain", "[retry-set]") {
    const auto mixed = parse_retry_set("+429,503");
    CHECK_FALSE(mixed.set);
    CHECK(mixed.mixed_signs);
    CHECK(mixed.bad_item == "503");
    CHECK(parse_retry_set("429,-503").bad_item == "-503");
    CHECK(parse_retry_set("429,-503").mixed_signs);
    CHECK_FALSE(parse_retry_set("+").set);
    CHECK(parse_retry_set("+429,-bogus").bad_item == "-bogus");
    CHECK_FALSE(parse_retry_set("+429,-bogus").mixed_signs);
}
