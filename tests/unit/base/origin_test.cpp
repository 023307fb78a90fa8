#include "core/base/origin.h"

#include <catch2/catch.hpp>

using namespace rfetch;

TEST_CASE("an origin is scheme://host:port with the default port filled in", "[origin]") {
    const auto [url, origin] = GENERATE(table<std::string, std::string>({
        {"http://example.com/a?b#c", "http://example.com:80"},
        {"https://example.com", "https://example.com:443"},
        {"HTTPS://Example.COM:8443/x", "https://example.com:8443"},
        {"http://user:pw@example.com:81/", "http://example.com:81"},
        {"http://a@b@example.com/", "http://example.com:80"},
        {"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
        {"http://[::1]:9000/x", "http://[::1]:9000"},
        {"https://[2001:DB8::1]/", "https://[2001:db8::1]:443"},
        {"http://example.com:/", "http://example.com:80"},
        {"http://example.com?q=a:b", "http://example.com:80"},
        {"ftp://u:pw@Files.example/pub", "ftp://files.example:21"},
    }));
    INFO(url);
    CHECK(origin_of(url) == origin);
}

TEST_CASE("a URL without an http, https or ftp origin has none", "[origin]") {
    const std::string url =
        GENERATE("example.com", "telnet://example.com/", "http:///x", "http://example.com:0/",
                 "http://example.com:65536/", "http://example.com:8o/", "http://[::1/",
                 "http://[::1]x/", "http://user@/", "");
    INFO(url);
    CHECK_FALSE(origin_of(url));
}

TEST_CASE("an ftp:// URL is told apart whatever the scheme's case", "[origin]") {
    CHECK(is_ftp_url("ftp://example.com/f"));
    CHECK(is_ftp_url("FTP://example.com/"));
    CHECK_FALSE(is_ftp_url("ftps://example.com/"));
    CHECK_FALSE(is_ftp_url("http://ftp://"));
    CHECK_FALSE(is_ftp_url("ftp://"));
}
