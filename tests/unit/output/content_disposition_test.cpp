#include "core/output/content_disposition.h"

#include <catch2/catch.hpp>

using rfetch::content_disposition_filename;

TEST_CASE("content disposition: the filename parameter, bare or quoted", "[disposition]") {
    CHECK(content_disposition_filename("attachment; filename=report.pdf") == "report.pdf");
    CHECK(content_disposition_filename("filename=name; charset=funny") == "name");
    CHECK(content_disposition_filename("inline; filename=\"a b;c.txt\"; size=3") == "a b;c.txt");
    CHECK(content_disposition_filename("inline;filename='single'") == "single");
}

TEST_CASE("content disposition: an unmatched quote runs to the end, a line break ends the name",
          "[disposition]") {
    CHECK(content_disposition_filename("inline; filename='open") == "open");
    CHECK(content_disposition_filename("inline; filename=\"open") == "open");
    CHECK(content_disposition_filename("filename=x.txt\r\n") == "x.txt");
}

TEST_CASE("content disposition: the directory part is taken off", "[disposition]") {
    CHECK(content_disposition_filename("attachment; filename=\"../../etc/passwd\"") == "passwd");
    CHECK(content_disposition_filename("attachment; filename=/tmp/x") == "x");
    CHECK(content_disposition_filename("attachment; filename=C:\\dir\\y.txt") == "y.txt");
}

TEST_CASE("content disposition: no name to take", "[disposition]") {
    CHECK_FALSE(content_disposition_filename("attachment"));
    CHECK_FALSE(content_disposition_filename(""));
    CHECK_FALSE(content_disposition_filename("attachment; filename=\"dir/\""));
    CHECK_FALSE(content_disposition_filename("attachment; filename=.."));
    CHECK_FALSE(content_disposition_filename("attachment; filename=\"\""));
    // RFC 6266's encoded form is not read, as curl does not read it.
    CHECK_FALSE(content_disposition_filename("attachment; filename*=UTF-8''x.txt"));
}
