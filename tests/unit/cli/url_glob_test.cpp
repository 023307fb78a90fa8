#include "cli/url_glob.h"

#include <catch2/catch.hpp>

using rfetch::expand_url_glob;
using Urls = std::vector<std::string>;

TEST_CASE("a range steps as curl's does", "[glob]") {
    CHECK(expand_url_glob("http://h/[a-e:2]") == Urls{"http://h/a", "http://h/c", "http://h/e"});
    CHECK(expand_url_glob("http://h/[1-10:3]") ==
          Urls{"http://h/1", "http://h/4", "http://h/7", "http://h/10"});
}

TEST_CASE("a step of any size ends the range instead of wrapping", "[glob]") {
    CHECK(expand_url_glob("http://h/[a-z:4294967296]") == Urls{"http://h/a"});
    CHECK(expand_url_glob("http://h/[18446744073709551610-18446744073709551615:4]") ==
          Urls{"http://h/18446744073709551610", "http://h/18446744073709551614"});
}
