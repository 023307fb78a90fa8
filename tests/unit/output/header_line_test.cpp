#include "core/output/header_line.h"

#include <catch2/catch.hpp>

using rfetch::HeadLine;
using rfetch::parse_head_line;

TEST_CASE("head lines are status lines, fields, or the end", "[head]") {
    CHECK(parse_head_line("HTTP/1.1 503 Service Unavailable\r\n").kind == HeadLine::Kind::status);
    CHECK(parse_head_line("HTTP/2 200\r\n").kind == HeadLine::Kind::status);
    CHECK(parse_head_line("\r\n").kind == HeadLine::Kind::end);
    const HeadLine field = parse_head_line("Retry-After:   120 \t\r\n");
    REQUIRE(field.kind == HeadLine::Kind::field);
    CHECK(field.field.name == "Retry-After");
    CHECK(field.field.value == "120");
    CHECK(parse_head_line("X-Empty:\r\n").field.value.empty());
}

TEST_CASE("lines that are not fields are ignored", "[head]") {
    CHECK(parse_head_line("no colon here\r\n").kind == HeadLine::Kind::other);
    CHECK(parse_head_line(": no name\r\n").kind == HeadLine::Kind::other);
    // Whitespace before the colon is forbidden (RFC 9112 §5.1): such a line names nothing.
    CHECK(parse_head_line("Retry-After : 5\r\n").kind == HeadLine::Kind::other);
}
