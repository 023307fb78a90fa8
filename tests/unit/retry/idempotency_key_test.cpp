#include "core/retry/idempotency_key.h"

#include <catch2/catch.hpp>
#include <regex>

using rfetch::is_valid_idempotency_key;
using rfetch::uuid_v4;

TEST_CASE("keys must be printable ASCII", "[idempotency]") {
    CHECK(is_valid_idempotency_key("order-1234 retry"));
    CHECK_FALSE(is_valid_idempotency_key(""));
    CHECK_FALSE(is_valid_idempotency_key("tab\there"));
    CHECK_FALSE(is_valid_idempotency_key("line\nbreak"));
    CHECK_FALSE(is_valid_idempotency_key("caf\xc3\xa9"));
}

TEST_CASE("uuid_v4 sets the version and variant bits", "[idempotency]") {
    std::array<std::uint8_t, 16> ones{};
    ones.fill(0xff);
    CHECK(uuid_v4(ones) == "ffffffff-ffff-4fff-bfff-ffffffffffff");
    CHECK(uuid_v4({}) == "00000000-0000-4000-8000-000000000000");
    const std::regex form("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    CHECK(std::regex_match(uuid_v4({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}), form));
}
