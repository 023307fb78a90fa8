#include "core/base/status_list.h"

#include <catch2/catch.hpp>

using namespace rfetch;

TEST_CASE("a status list holds codes and classes", "[status-list]") {
    const auto list = parse_status_list("200,204,3xx");
    REQUIRE(list.value);
    CHECK(list.value->contains(200));
    CHECK(list.value->contains(204));
    CHECK(list.value->contains(301));
    CHECK(list.value->contains(399));
    CHECK_FALSE(list.value->contains(201));
    CHECK_FALSE(list.value->contains(404));

    const auto classes = parse_status_list("1XX,5xx");
    REQUIRE(classes.value);
    CHECK(classes.value->contains(101));
    CHECK(classes.value->contains(503));
    CHECK_FALSE(classes.value->contains(200));

    // Waiting for something to be gone is waiting for a 404.
    REQUIRE(parse_status_list("404").value);
    CHECK(parse_status_list("404").value->contains(404));
}

TEST_CASE("a bad status list names its first bad item", "[status-list]") {
    const std::pair<const char*, const char*> bad[] = {
        {"", "''"},           {"200,", "''"},     {",200", "''"},     {"99", "'99'"},
        {"600", "'600'"},     {"6xx", "'6xx'"},   {"0xx", "'0xx'"},   {"2x", "'2x'"},
        {"ok", "'ok'"},       {"200 ", "'200 '"}, {"+200", "'+200'"}, {"2000", "'2000'"},
        {"200,abc", "'abc'"},
    };
    for (const auto& [text, item] : bad) {
        const auto list = parse_status_list(text);
        INFO(text);
        CHECK_FALSE(list.value);
        CHECK_THAT(list.error,
                   Catch::StartsWith(std::string("has ") + item + ", which is neither"));
    }
}
