#include "core/base/byte_size.h"

#include <catch2/catch.hpp>

using rfetch::parse_byte_size;

TEST_CASE("sizes read bytes and binary suffixes", "[size]") {
    CHECK(parse_byte_size("0") == 0U);
    CHECK(parse_byte_size("1500") == 1500U);
    CHECK(parse_byte_size("10K") == 10240U);
    CHECK(parse_byte_size("10k") == 10240U);
    CHECK(parse_byte_size("2M") == 2U * 1024 * 1024);
    CHECK(parse_byte_size("1G") == 1024U * 1024 * 1024);
}

TEST_CASE("sizes refuse what they cannot mean", "[size]") {
    for (const char* bad :
         {"", "K", "-1", "1.5M", "10Q", "10KB", " 10", "99999999999G", "18446744073709551616"}) {
        INFO(bad);
        CHECK_FALSE(parse_byte_size(bad).has_value());
    }
}
