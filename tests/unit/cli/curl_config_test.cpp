// curl's -K config syntax, as read_curl_config reads it: the words each line stands for.

#include "cli/curl_config.h"

#include <catch2/catch.hpp>
#include <sstream>

#include "cli/usage_error.h"
#include "test_files.h"

using rfetch::read_curl_config;
using rfetch::with_curl_configs_expanded;

namespace {

std::vector<std::string> read(const std::string& text) {
    std::istringstream in(text);
    return read_curl_config(in);
}

}  // namespace

TEST_CASE("curl config: an option with or without dashes, its value after blanks, = or :",
          "[curl-config]") {
    CHECK(read("silent\n") == std::vector<std::string>{"--silent"});
    CHECK(read("--silent\n-S\n") == std::vector<std::string>{"--silent", "-S"});
    CHECK(read("url = http://h/a\n") == std::vector<std::string>{"--url", "http://h/a"});
    CHECK(read("header: X-A:1\n") == std::vector<std::string>{"--header", "X-A:1"});
    CHECK(read("  max-time   5\n") == std::vector<std::string>{"--max-time", "5"});
    CHECK(read("next\n") == std::vector<std::string>{"--next"});
}

TEST_CASE("curl config: a quoted value keeps its blanks and reads curl's escapes",
          "[curl-config]") {
    CHECK(read("header = \"X-A: two words\"\n") ==
          std::vector<std::string>{"--header", "X-A: two words"});
    CHECK(read("data = \"a\\tb\\nc\\\\d\\\"e\"\n") ==
          std::vector<std::string>{"--data", "a\tb\nc\\d\"e"});
    // An unquoted value ends at the first blank.
    CHECK(read("data = a b\n") == std::vector<std::string>{"--data", "a"});
}

TEST_CASE("curl config: comments, blank lines and CRLF line ends", "[curl-config]") {
    CHECK(read("# a comment\n\n   \n   # indented\r\nsilent\r\n") ==
          std::vector<std::string>{"--silent"});
}

TEST_CASE("curl config: -K in its forms is replaced in place, and not after --", "[curl-config]") {
    std::istringstream stdin_stream("silent\nurl = http://h/\n");
    CHECK(with_curl_configs_expanded({"-v", "-K", "-", "-L"}, stdin_stream) ==
          std::vector<std::string>{"-v", "--silent", "--url", "http://h/", "-L"});
    std::istringstream unused("silent\n");
    CHECK(with_curl_configs_expanded({"http://h/", "--", "-K", "-"}, unused) ==
          std::vector<std::string>{"http://h/", "--", "-K", "-"});
}

TEST_CASE("curl config: a file that cannot be read, or -K without a value, is a usage error",
          "[curl-config]") {
    std::istringstream stdin_stream;
    CHECK_THROWS_AS(with_curl_configs_expanded({"-K", "/nonexistent/curlrc"}, stdin_stream),
                    rfetch::UsageError);
    CHECK_THROWS_AS(with_curl_configs_expanded({"-K"}, stdin_stream), rfetch::UsageError);
}

TEST_CASE("curl config: a config line in a file reads that file in its place, as curl's -K",
          "[curl-config]") {
    CHECK(read("config = \"more\"\n") == std::vector<std::string>{"-K", "more"});
    CHECK(read("--config more\n") == std::vector<std::string>{"-K", "more"});
    const rfetch::test::TempDir dir;
    const std::string outer = dir.file("outer");
    const std::string inner = dir.file("inner");
    rfetch::test::write_file(outer, "url = a\nconfig = \"" + inner + "\"\nnext\n");
    rfetch::test::write_file(inner, "next\nurl = b\n");
    std::istringstream stdin_stream;
    CHECK(with_curl_configs_expanded({"-K", outer, "-s"}, stdin_stream) ==
          std::vector<std::string>{"--url", "a", "--next", "--url", "b", "--next", "-s"});
    // A file that reads itself is refused, not read forever.
    rfetch::test::write_file(inner, "config = \"" + inner + "\"\n");
    CHECK_THROWS_AS(with_curl_configs_expanded({"-K", inner}, stdin_stream), rfetch::UsageError);
}
