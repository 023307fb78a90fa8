#include "cli/closest_flag.h"

#include <catch2/catch.hpp>

using rfetch::closest_flag;

TEST_CASE("a mistyped flag suggests the one meant", "[suggest]") {
    const std::vector<std::string> known{"--retries", "--retry-on",  "--deadline",
                                         "--delay",   "--max-delay", "--timeout"};
    CHECK(closest_flag("--retires", known) == "--retries");
    CHECK(closest_flag("--dealine", known) == "--deadline");
    CHECK(closest_flag("--max-dely=3s", known) == "--max-delay");
    CHECK(closest_flag("--timeot", known) == "--timeout");
}

TEST_CASE("nothing is suggested for a word far from every flag", "[suggest]") {
    const std::vector<std::string> known{"--retries", "--deadline"};
    CHECK_FALSE(closest_flag("--banana", known).has_value());
    CHECK_FALSE(closest_flag("-z", known).has_value());
}
