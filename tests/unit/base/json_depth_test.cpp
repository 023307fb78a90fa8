#include "core/base/json_depth.h"

#include <catch2/catch.hpp>
#include <string>

using namespace rfetch;

namespace {

std::string arrays(std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

}  // namespace

TEST_CASE("nesting is counted over arrays and objects together", "[json]") {
    CHECK_FALSE(nests_deeper_than("", 0));
    CHECK_FALSE(nests_deeper_than("1", 0));
    CHECK(nests_deeper_than("[]", 0));
    CHECK_FALSE(nests_deeper_than(R"({"a":[{"b":[]}]})", 4));
    CHECK(nests_deeper_than(R"({"a":[{"b":[]}]})", 3));
    CHECK_FALSE(nests_deeper_than("[[],[],[[]]]", 3));
    CHECK(nests_deeper_than("[[],[],[[[]]]]", 3));
}

TEST_CASE("brackets inside strings do not nest", "[json]") {
    CHECK_FALSE(nests_deeper_than(R"(["[[[[", "{{{{"])", 1));
    // An escaped quote does not end the string; an escaped backslash before a quote does.
    CHECK_FALSE(nests_deeper_than(R"(["\"[[[["])", 1));
    CHECK(nests_deeper_than(R"(["\\", [[]]])", 2));
}

TEST_CASE("the limit is exact: kMaxJsonDepth levels pass, one more does not", "[json]") {
    CHECK_FALSE(nests_deeper_than(arrays(kMaxJsonDepth)));
    CHECK(nests_deeper_than(arrays(kMaxJsonDepth + 1)));
}

TEST_CASE("a hostile body 50,000 deep is seen at once, and closers never go below zero", "[json]") {
    CHECK(nests_deeper_than(arrays(50'000)));
    CHECK(nests_deeper_than(std::string(50'000, '{')));
    CHECK_FALSE(nests_deeper_than(std::string(50'000, ']') + "[[]]", 2));
}
