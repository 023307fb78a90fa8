#include "cli/url_glob.h"

#include <catch2/catch.hpp>

using rfetch::expand_url_glob;
using rfetch::fill_glob_choices;
using rfetch::GlobbedUrl;
using Urls = std::vector<std::string>;
using Choices = std::vector<std::string>;

namespace {

Urls urls_of(const std::string& pattern) {
    Urls urls;
    for (const GlobbedUrl& url : expand_url_glob(pattern)) {
        urls.push_back(url.url);
    }
    return urls;
}

}  // namespace

TEST_CASE("a range steps as curl's does", "[glob]") {
    CHECK(urls_of("http://h/[a-e:2]") == Urls{"http://h/a", "http://h/c", "http://h/e"});
    CHECK(urls_of("http://h/[1-10:3]") ==
          Urls{"http://h/1", "http://h/4", "http://h/7", "http://h/10"});
}

TEST_CASE("a step of any size ends the range instead of wrapping", "[glob]") {
    CHECK(urls_of("http://h/[a-z:4294967296]") == Urls{"http://h/a"});
    CHECK(urls_of("http://h/[18446744073709551610-18446744073709551615:4]") ==
          Urls{"http://h/18446744073709551610", "http://h/18446744073709551614"});
}

TEST_CASE("each URL keeps the choice of each of its globs, left to right", "[glob]") {
    CHECK(expand_url_glob("http://h/{a,b}/x[08-09]") ==
          std::vector<GlobbedUrl>{{"http://h/a/x08", {"a", "08"}},
                                  {"http://h/a/x09", {"a", "09"}},
                                  {"http://h/b/x08", {"b", "08"}},
                                  {"http://h/b/x09", {"b", "09"}}});
    // Escaped brackets and an IPv6 address are no glob, and choose nothing.
    CHECK(expand_url_glob("http://[::1]/\\{a}") ==
          std::vector<GlobbedUrl>{{"http://[::1]/{a}", {}}});
}

TEST_CASE("a file name with #N takes the Nth glob's choice, as in curl's -o", "[glob]") {
    const Choices choices{"one", "07"};
    CHECK(fill_glob_choices("dumpit#1.dump", choices) == "dumpitone.dump");
    CHECK(fill_glob_choices("#2_#1", choices) == "07_one");
    CHECK(fill_glob_choices("#1#1", choices) == "oneone");
    // Every digit after the '#' is the number, with leading zeros, as curl's strtoul reads it.
    CHECK(fill_glob_choices("#01", choices) == "one");
    CHECK(fill_glob_choices("#12", choices) == "#12");
}

TEST_CASE("a #N with no such glob stays as written", "[glob]") {
    CHECK(fill_glob_choices("f-#2.dump", Choices{"a"}) == "f-#2.dump");
    CHECK(fill_glob_choices("f-#0", Choices{"a"}) == "f-#0");
    CHECK(fill_glob_choices("f#1", Choices{}) == "f#1");
    CHECK(fill_glob_choices("#", Choices{"a"}) == "#");
    CHECK(fill_glob_choices("a#b#", Choices{"a"}) == "a#b#");
    CHECK(fill_glob_choices("#99999999999999999999999", Choices{"a"}) ==
          "#99999999999999999999999");
}
