// -F's ;encoder=, as encode_form_content writes it: the bytes libcurl 7.88 sends.

#include "cli/form_encoding.h"

#include <catch2/catch.hpp>

using rfetch::encode_form_content;
using rfetch::form_encoder_named;

TEST_CASE("form encoding: curl's five encoders, named in any case", "[form]") {
    CHECK(form_encoder_named("BASE64") == "base64");
    CHECK(form_encoder_named("Quoted-Printable") == "quoted-printable");
    CHECK(form_encoder_named("8bit") == "8bit");
    CHECK_FALSE(form_encoder_named("rot13").has_value());
}

TEST_CASE("form encoding: base64 pads and breaks lines at 76 characters", "[form]") {
    CHECK(encode_form_content("base64", "") == "");
    CHECK(encode_form_content("base64", "h\xe9llo") == "aOlsbG8=");
    CHECK(encode_form_content("base64", "ab") == "YWI=");
    std::string sixty_a;
    for (int group = 0; group < 19; ++group) {
        sixty_a += "YWFh";
    }
    CHECK(encode_form_content("base64", std::string(60, 'a')) == sixty_a + "\r\nYWFh");
}

TEST_CASE("form encoding: quoted-printable escapes, keeps CRLF and breaks soft at 76", "[form]") {
    CHECK(encode_form_content("quoted-printable", "x y = z") == "x y =3D z");
    // A blank before a line end is escaped; a lone CR or LF is not a line end.
    CHECK(encode_form_content("quoted-printable", "a \r\nb\rc\n") == "a=20\r\nb=0Dc=0A");
    CHECK(encode_form_content("quoted-printable", std::string(80, 'a')) ==
          std::string(75, 'a') + "=\r\n" + std::string(5, 'a'));
    // An escape that would pass the 76th column goes to the next line whole.
    CHECK(encode_form_content("quoted-printable", std::string(75, 'a') + "=") ==
          std::string(75, 'a') + "=\r\n=3D");
    // The 76th column is used when the line ends there.
    CHECK(encode_form_content("quoted-printable", std::string(76, 'a')) == std::string(76, 'a'));
}

TEST_CASE("form encoding: 7bit refuses a byte above 127, binary and 8bit send it", "[form]") {
    CHECK_FALSE(encode_form_content("7bit", "caf\xe9").has_value());
    CHECK(encode_form_content("7bit", "cafe") == "cafe");
    CHECK(encode_form_content("8bit", "caf\xe9") == "caf\xe9");
    CHECK(encode_form_content("binary", std::string("\0\xff", 2)) == std::string("\0\xff", 2));
}
