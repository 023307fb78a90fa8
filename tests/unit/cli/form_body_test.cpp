// curl's -F and --form-string, as build_form_body writes them: the multipart body byte for byte.

#include "cli/form_body.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/usage_error.h"

using rfetch::build_form_body;
using rfetch::FormField;

namespace {

std::string body_of(const std::vector<FormField>& fields, const std::string& stdin_text = "") {
    std::istringstream stdin_stream(stdin_text);
    return build_form_body(fields, "B", stdin_stream).body;
}

}  // namespace

TEST_CASE("form: NAME=VALUE parts, in order, between boundaries", "[form]") {
    std::istringstream none;
    const auto form = build_form_body({{false, "a=1"}, {false, "b=two words"}}, "B", none);
    CHECK(form.content_type == "multipart/form-data; boundary=B");
    CHECK(form.body ==
          "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
          "--B\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\ntwo words\r\n"
          "--B--\r\n");
}

TEST_CASE("form: @FILE is a file part with its name, <FILE only its bytes", "[form]") {
    const auto path = std::filesystem::temp_directory_path() / "rfetch-form-test.txt";
    std::ofstream(path) << "content";
    const std::string file = path.string();

    CHECK(body_of({{false, "f=@" + file}}) ==
          "--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"rfetch-form-test.txt\""
          "\r\nContent-Type: text/plain\r\n\r\ncontent\r\n--B--\r\n");
    CHECK(body_of({{false, "v=<" + file}}) ==
          "--B\r\nContent-Disposition: form-data; name=\"v\"\r\n\r\ncontent\r\n--B--\r\n");
    std::filesystem::remove(path);
}

TEST_CASE("form: the type, filename and headers attributes, and @- from stdin", "[form]") {
    CHECK(body_of({{false, "f=@-;type=x/y;filename=up.bin;headers=X-A: 1"}}, "in") ==
          "--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"up.bin\"\r\nX-A: 1\r\n"
          "Content-Type: x/y\r\n\r\nin\r\n--B--\r\n");
}

TEST_CASE("form-string: the value is taken as it is", "[form]") {
    CHECK(body_of({{true, "s=@not-a-file;type=no"}}) ==
          "--B\r\nContent-Disposition: form-data; name=\"s\"\r\n\r\n@not-a-file;type=no\r\n"
          "--B--\r\n");
}

TEST_CASE("form: no name, an unknown attribute or a missing file is a usage error", "[form]") {
    CHECK_THROWS_AS(body_of({{false, "=x"}}), rfetch::UsageError);
    CHECK_THROWS_AS(body_of({{false, "novalue"}}), rfetch::UsageError);
    CHECK_THROWS_AS(body_of({{false, "a=1;colour=red"}}), rfetch::UsageError);
    CHECK_THROWS_AS(body_of({{false, "f=@/nonexistent/file"}}), rfetch::UsageError);
}
