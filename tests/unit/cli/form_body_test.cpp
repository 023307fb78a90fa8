// curl's -F and --form-string, as build_form_body writes them: the multipart body byte for byte,
// as curl 7.88 sends it.

#include "cli/form_body.h"

#include <catch2/catch.hpp>
#include <sstream>

#include "cli/read_error.h"
#include "cli/usage_error.h"
#include "test_files.h"

using rfetch::build_form_body;
using rfetch::FormField;
using rfetch::FormSettings;

namespace {

// Boundaries B1, B2, ... in the order the multiparts are written.
FormSettings numbered_boundaries() {
    FormSettings settings;
    settings.new_boundary = [count = 0]() mutable { return "B" + std::to_string(++count); };
    return settings;
}

std::string body_of(const std::vector<FormField>& fields, const std::string& stdin_text = "",
                    FormSettings settings = numbered_boundaries()) {
    std::istringstream stdin_stream(stdin_text);
    return build_form_body(fields, settings, stdin_stream).body;
}

std::vector<FormField> form(std::initializer_list<std::string> parts) {
    std::vector<FormField> fields;
    for (const std::string& part : parts) {
        fields.push_back({false, part});
    }
    return fields;
}

// A file in a directory of its own, so that tests running at once never share it; both go at
// the end of the test.
class TempFile {
  public:
    TempFile(const std::string& name, const std::string& content) : path_(dir_.file(name)) {
        rfetch::test::write_file(path_, content);
    }
    const std::string& path() const { return path_; }

  private:
    rfetch::test::TempDir dir_;
    std::string path_;
};

}  // namespace

TEST_CASE("form: NAME=VALUE parts, in order, between boundaries", "[form]") {
    std::istringstream none;
    const auto built = build_form_body(form({"a=1", "b=two words"}), numbered_boundaries(), none);
    CHECK(built.content_type == "multipart/form-data; boundary=B1");
    CHECK(built.body ==
          "--B1\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
          "--B1\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\ntwo words\r\n"
          "--B1--\r\n");
}

TEST_CASE("form: @FILE is a file part with its name, <FILE only its bytes", "[form]") {
    const TempFile text("rfetch-form-test.txt", "content");
    const TempFile image("rfetch-form-test.png", "png");
    CHECK(body_of(form({"f=@" + text.path()})) ==
          "--B1\r\nContent-Disposition: form-data; name=\"f\"; filename=\"rfetch-form-test.txt\""
          "\r\nContent-Type: text/plain\r\n\r\ncontent\r\n--B1--\r\n");
    // <FILE has no filename, and so no text/plain, but another type by its extension.
    CHECK(body_of(form({"v=<" + text.path(), "w=<" + image.path()})) ==
          "--B1\r\nContent-Disposition: form-data; name=\"v\"\r\n\r\ncontent\r\n"
          "--B1\r\nContent-Disposition: form-data; name=\"w\"\r\nContent-Type: image/png\r\n\r\n"
          "png\r\n--B1--\r\n");
}

TEST_CASE("form: a filename attribute renames a file part, typed by the new name, else by the path",
          "[form]") {
    const TempFile text("rfetch-form-test.txt", "x");
    CHECK(body_of(form({"f=@" + text.path() + ";filename=fake.png"})) ==
          "--B1\r\nContent-Disposition: form-data; name=\"f\"; filename=\"fake.png\"\r\n"
          "Content-Type: image/png\r\n\r\nx\r\n--B1--\r\n");
    CHECK(body_of(form({"f=@" + text.path() + ";filename=fake"})) ==
          "--B1\r\nContent-Disposition: form-data; name=\"f\"; filename=\"fake\"\r\n"
          "Content-Type: text/plain\r\n\r\nx\r\n--B1--\r\n");
}

TEST_CASE("form: @- reads stdin as a file named '-', with no type unless one is given", "[form]") {
    CHECK(body_of(form({"f=@-"}), "in") ==
          "--B1\r\nContent-Disposition: form-data; name=\"f\"; filename=\"-\"\r\n\r\nin\r\n"
          "--B1--\r\n");
    CHECK(body_of(form({"f=@-;filename=/dev/null;type=text/x-null;format=x-curl"}), "in") ==
          "--B1\r\nContent-Disposition: form-data; name=\"f\"; filename=\"/dev/null\"\r\n"
          "Content-Type: text/x-null;format=x-curl\r\n\r\nin\r\n--B1--\r\n");
}

TEST_CASE("form: a value's blanks around it go, unless quoted, and a type takes what follows",
          "[form]") {
    CHECK(body_of(form({"html= <b>hi</b> ;type=text/html;charset=verymoo"})) ==
          "--B1\r\nContent-Disposition: form-data; name=\"html\"\r\n"
          "Content-Type: text/html;charset=verymoo\r\n\r\n<b>hi</b>\r\n--B1--\r\n");
    CHECK(body_of(form({R"(b=" \\v;type=\"w\" "; type=text/foo; charset=utf-8 ; filename=pb)"})) ==
          "--B1\r\nContent-Disposition: form-data; name=\"b\"; filename=\"pb\"\r\n"
          "Content-Type: text/foo; charset=utf-8\r\n\r\n \\v;type=\"w\" \r\n--B1--\r\n");
    // A quote never closed is a character.
    CHECK(body_of(form({"q=\"open"})) ==
          "--B1\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\n\"open\r\n--B1--\r\n");
}

TEST_CASE("form: a quoted filename, and '\"', CR and LF in names escaped as %22, %0D, %0A",
          "[form]") {
    const TempFile text("rfetch-form,test;.txt", "x");
    CHECK(body_of(form({"f=@\"" + text.path() + R"(";filename="a\\b\"c,d;e")"})) ==
          "--B1\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\\b%22c,d;e\"\r\n"
          "Content-Type: text/plain\r\n\r\nx\r\n--B1--\r\n");
    CHECK(body_of(form({"n\"a\r\nme=v"})) ==
          "--B1\r\nContent-Disposition: form-data; name=\"n%22a%0D%0Ame\"\r\n\r\nv\r\n--B1--\r\n");
    FormSettings escape = numbered_boundaries();
    escape.backslash_escape = true;
    CHECK(body_of(form({"n\"a\\me=v;filename=x\"y"}), "", escape) ==
          "--B1\r\nContent-Disposition: form-data; name=\"n\\\"a\\\\me\"; filename=\"x\\\"y\"\r\n"
          "\r\nv\r\n--B1--\r\n");
}

TEST_CASE("form: =VALUE is a part without a name", "[form]") {
    CHECK(body_of(form({"="})) == "--B1\r\nContent-Disposition: form-data\r\n\r\n\r\n--B1--\r\n");
}

TEST_CASE("form: @A,B is a multipart/mixed of attachments under one name", "[form]") {
    const TempFile text("rfetch-form-test.txt", "d\n");
    const std::string path = text.path();
    CHECK(body_of(form({"file=@" + path + "," + path + ";type=magic/content," + path})) ==
          "--B1\r\nContent-Disposition: form-data; name=\"file\"\r\n"
          "Content-Type: multipart/mixed; boundary=B2\r\n\r\n"
          "--B2\r\nContent-Disposition: attachment; filename=\"rfetch-form-test.txt\"\r\n"
          "Content-Type: text/plain\r\n\r\nd\n\r\n"
          "--B2\r\nContent-Disposition: attachment; filename=\"rfetch-form-test.txt\"\r\n"
          "Content-Type: magic/content\r\n\r\nd\n\r\n"
          "--B2\r\nContent-Disposition: attachment; filename=\"rfetch-form-test.txt\"\r\n"
          "Content-Type: text/plain\r\n\r\nd\n\r\n--B2--\r\n"
          "\r\n--B1--\r\n");
}

TEST_CASE("form: NAME=( opens a nested multipart and =) closes it", "[form]") {
    CHECK(body_of(form({"alt=(;type=multipart/alternative", "=plain", "=html;type=text/html", "=)",
                        "after=1"})) ==
          "--B1\r\nContent-Disposition: form-data; name=\"alt\"\r\n"
          "Content-Type: multipart/alternative; boundary=B2\r\n\r\n"
          "--B2\r\n\r\nplain\r\n"
          "--B2\r\nContent-Type: text/html\r\n\r\nhtml\r\n--B2--\r\n"
          "\r\n--B1\r\nContent-Disposition: form-data; name=\"after\"\r\n\r\n1\r\n--B1--\r\n");
}

TEST_CASE("form: headers attributes follow the part's own, and a Content-Type among them types it",
          "[form]") {
    const TempFile headers("rfetch-form-headers", "# comment\nX-File: 1\nX-Folded: a\n  b \r\n\n");
    CHECK(body_of(form({"f=v;headers=X-A: 1;headers=\"X-B: 2;3\";headers=@" + headers.path() +
                        ";headers=Content-Type: x/y"})) ==
          "--B1\r\nContent-Disposition: form-data; name=\"f\"\r\nContent-Type: x/y\r\n"
          "X-A: 1\r\nX-B: 2;3\r\nX-File: 1\r\nX-Folded: a  b\r\n\r\nv\r\n--B1--\r\n");
    // A Content-Disposition given replaces the part's own.
    CHECK(body_of(form({"f=v;headers=Content-Disposition: inline"})) ==
          "--B1\r\nContent-Disposition: inline\r\n\r\nv\r\n--B1--\r\n");
}

TEST_CASE("form: an encoder attribute encodes the content and names it", "[form]") {
    CHECK(body_of(form({"a=x y = z;encoder=quoted-printable", "b=h\xe9llo;encoder=BASE64",
                        "c=raw;encoder=8bit"})) ==
          "--B1\r\nContent-Disposition: form-data; name=\"a\"\r\n"
          "Content-Transfer-Encoding: quoted-printable\r\n\r\nx y =3D z\r\n"
          "--B1\r\nContent-Disposition: form-data; name=\"b\"\r\n"
          "Content-Transfer-Encoding: base64\r\n\r\naOlsbG8=\r\n"
          "--B1\r\nContent-Disposition: form-data; name=\"c\"\r\n"
          "Content-Transfer-Encoding: 8bit\r\n\r\nraw\r\n--B1--\r\n");
}

TEST_CASE("form: a Content-Type given with -H is the form's, and form-data only if it says so",
          "[form]") {
    FormSettings related = numbered_boundaries();
    related.content_type = "multipart/related";
    std::istringstream none;
    const auto built = build_form_body(form({"a=1"}), related, none);
    CHECK(built.content_type == "multipart/related; boundary=B1");
    CHECK(built.body ==
          "--B1\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n--B1--\r\n");
}

TEST_CASE("form-string: the value is taken as it is", "[form]") {
    CHECK(body_of({{true, "s=@not-a-file;type=no"}, {true, "=)"}}) ==
          "--B1\r\nContent-Disposition: form-data; name=\"s\"\r\n\r\n@not-a-file;type=no\r\n"
          "--B1\r\nContent-Disposition: form-data\r\n\r\n)\r\n--B1--\r\n");
}

TEST_CASE("form: a part that is not well formed is a usage error", "[form]") {
    for (const std::string part :
         {"novalue", "a=1;colour=red", "a=1;type=text", "a=1;type=/x", "a=1;encoder=rot13", "=)",
          "a=<f;filename=x", "m=(;encoder=base64", "a=\"quoted\"tail"}) {
        INFO(part);
        CHECK_THROWS_AS(body_of(form({part})), rfetch::UsageError);
    }
}

TEST_CASE("form: a file that cannot be read, or 8-bit bytes for 7bit, is a read error", "[form]") {
    CHECK_THROWS_AS(body_of(form({"f=@/nonexistent/file"})), rfetch::ReadError);
    CHECK_THROWS_AS(body_of(form({"f=</nonexistent/file"})), rfetch::ReadError);
    CHECK_THROWS_AS(body_of(form({"f=v;headers=@/nonexistent/file"})), rfetch::ReadError);
    CHECK_THROWS_AS(body_of(form({"f=\xe9;encoder=7bit"})), rfetch::ReadError);
    CHECK(body_of(form({"f=plain;encoder=7bit"})).find("\r\n\r\nplain\r\n") != std::string::npos);
}
