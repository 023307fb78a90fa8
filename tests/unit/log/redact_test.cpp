#include "core/log/redact.h"

#include <catch2/catch.hpp>

using rfetch::is_secret_header;
using rfetch::redact_header_line;
using rfetch::redact_url;

TEST_CASE("URL passwords are hidden, user names kept", "[redact]") {
    CHECK(redact_url("https://alice:hunter2@example.com/x") ==
          "https://alice:REDACTED@example.com/x");
    CHECK(redact_url("http://a:b@h") == "http://a:REDACTED@h");
}

TEST_CASE("a userinfo without a password is hidden whole: it is often a token", "[redact]") {
    CHECK(redact_url("https://ghp_abc123@github.com/o/r") == "https://REDACTED@github.com/o/r");
    CHECK(redact_url("https://alice@example.com/x") == "https://REDACTED@example.com/x");
}

TEST_CASE("secret-looking fragment parameters are hidden as query ones are", "[redact]") {
    CHECK(redact_url("https://app/cb#access_token=abc&token_type=bearer&state=s") ==
          "https://app/cb#access_token=REDACTED&token_type=REDACTED&state=s");
    CHECK(redact_url("https://app/cb?code=1#id_token=x") ==
          "https://app/cb?code=1#id_token=REDACTED");
    CHECK(redact_url("http://h/page#section-2") == "http://h/page#section-2");
}

TEST_CASE("secret-looking query parameters are hidden", "[redact]") {
    CHECK(redact_url("http://h/p?token=abc&page=2") == "http://h/p?token=REDACTED&page=2");
    CHECK(redact_url("http://h/p?api_key=1&X-Amz-Signature=2&access_token=3&q=4") ==
          "http://h/p?api_key=REDACTED&X-Amz-Signature=REDACTED&access_token=REDACTED&q=4");
    CHECK(redact_url("http://h/?password=x#frag") == "http://h/?password=REDACTED#frag");
    CHECK(redact_url("http://h/?Secret=x&flag") == "http://h/?Secret=REDACTED&flag");
}

TEST_CASE("URLs without secrets pass unchanged", "[redact]") {
    for (const char* url : {"http://h", "http://h/", "http://h:8080/a/b?page=2&q=x#f", "h/path",
                            "http://[::1]:80/x"}) {
        CHECK(redact_url(url) == url);
    }
}

TEST_CASE("credential headers are hidden in any case", "[redact]") {
    CHECK(is_secret_header("Authorization"));
    CHECK(is_secret_header("proxy-authorization"));
    CHECK(is_secret_header("COOKIE"));
    CHECK(is_secret_header("Set-Cookie"));
    CHECK_FALSE(is_secret_header("Content-Type"));
    CHECK_FALSE(is_secret_header("Keep-Alive"));
    CHECK(redact_header_line("Authorization: Bearer abc") == "Authorization: REDACTED");
    CHECK(redact_header_line("Accept: */*") == "Accept: */*");
    CHECK(redact_header_line("GET / HTTP/1.1") == "GET / HTTP/1.1");
}

TEST_CASE("URLs inside libcurl's verbose lines are redacted", "[redact]") {
    using rfetch::redact_text;
    CHECK(redact_text("GET /x?token=abc&page=2 HTTP/1.1") ==
          "GET /x?token=REDACTED&page=2 HTTP/1.1");
    CHECK(redact_text("Issue another request to this URL: 'http://u:pw@h/?sig=1'") ==
          "Issue another request to this URL: 'http://u:REDACTED@h/?sig=REDACTED'");
    CHECK(redact_text("Trying 127.0.0.1:8080...") == "Trying 127.0.0.1:8080...");
    CHECK(redact_text("text/html; charset=utf-8") == "text/html; charset=utf-8");
    CHECK(redact_header_line("Location: https://h/next?access_token=t") ==
          "Location: https://h/next?access_token=REDACTED");
}

TEST_CASE("a URL inside a query does not hide the secrets before it", "[redact]") {
    // Found by fuzz_redact: the first "://" was taken for the end of the scheme.
    using rfetch::redact_text;
    CHECK(redact_text("GET /authorize?client_secret=abc&redirect_uri=https://app.example/cb "
                      "HTTP/1.1") ==
          "GET /authorize?client_secret=REDACTED&redirect_uri=https://app.example/cb HTTP/1.1");
    CHECK(redact_url("/cb?nexthttps://=1&token=SECRETVALUE#") ==
          "/cb?nexthttps://=1&token=REDACTED#");
    CHECK(redact_text("see url=https://h/?token=abc.") == "see url=https://h/?token=REDACTED.");
}

TEST_CASE("headers named like keys, tokens and secrets are hidden", "[redact]") {
    for (const char* name : {"X-Api-Key", "x-api-key", "Api-Key", "X-Auth-Token", "X-CSRF-Token",
                             "Client-Secret", "X-Shared-Secret-Value", " X-Api-Key "}) {
        INFO(name);
        CHECK(is_secret_header(name));
    }
    CHECK(redact_header_line("X-Api-Key: abc123") == "X-Api-Key: REDACTED");
    CHECK(redact_header_line("x-auth-token:abc") == "x-auth-token: REDACTED");
    for (const char* name : {"Accept", "X-Request-Id", "Content-Length", "Token-Type-Hint"}) {
        INFO(name);
        CHECK_FALSE(is_secret_header(name));
    }
}

TEST_CASE("a header named with --redact-header is hidden too", "[redact]") {
    CHECK_FALSE(is_secret_header("X-Tenant-Pass"));
    rfetch::add_secret_header("x-tenant-pass");
    CHECK(is_secret_header("X-Tenant-Pass"));
    CHECK(redact_header_line("X-Tenant-Pass: hunter2") == "X-Tenant-Pass: REDACTED");
}

TEST_CASE("libcurl's bracketed notes of HTTP/2 request headers hide secret values", "[redact]") {
    CHECK(redact_header_line("h2h3 [authorization: Bearer sekrit]") ==
          "h2h3 [authorization: REDACTED]");
    CHECK(redact_header_line("[HTTP/2] [1] [cookie: session=abc]") ==
          "[HTTP/2] [1] [cookie: REDACTED]");
    CHECK(redact_header_line("h2h3 [x-api-key: k]") == "h2h3 [x-api-key: REDACTED]");
    CHECK(redact_header_line("h2h3 [:path: /x?token=abc]") == "h2h3 [:path: /x?token=REDACTED]");
    CHECK(redact_header_line("h2h3 [accept: */*]") == "h2h3 [accept: */*]");
}
