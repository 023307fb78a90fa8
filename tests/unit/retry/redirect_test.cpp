#include "core/retry/redirect.h"

#include <catch2/catch.hpp>

using namespace rfetch;

namespace {

Request put_with_body() {
    return Request{"PUT",
                   "http://a.test/x",
                   {{"Authorization", "Bearer t"}, {"cookie", "c=1"}, {"X-Other", "kept"}},
                   std::string("body")};
}

}  // namespace

TEST_CASE("a redirect keeps the method and body, except a 303", "[redirect]") {
    struct Row {
        int status;
        const char* method;
        bool body;
    };
    const Row rows[] = {
        {301, "PUT", true}, {302, "PUT", true},  {307, "PUT", true},
        {308, "PUT", true}, {303, "GET", false}, {300, "PUT", true},
    };
    const Request first = put_with_body();
    for (const Row& row : rows) {
        INFO(row.status);
        const Request next = redirected_request(first, first, row.status, "http://a.test/y");
        CHECK(next.url == "http://a.test/y");
        CHECK(next.method == row.method);
        CHECK(next.body.has_value() == row.body);
    }
    Request head = first;
    head.method = "HEAD";
    CHECK(redirected_request(head, head, 301, "http://a.test/y").method == "HEAD");
    head.body.reset();
    CHECK(redirected_request(head, head, 303, "http://a.test/y").method == "HEAD");
}

TEST_CASE("credentials go only to the first request's origin", "[redirect]") {
    const Request first = put_with_body();
    const Request same = redirected_request(first, first, 307, "http://A.test:80/y");
    CHECK(same.headers.size() == 3);
    CHECK(same_origin(first, same));
    const Request other = redirected_request(first, first, 307, "https://a.test/y");
    CHECK_FALSE(same_origin(first, other));
    REQUIRE(other.headers.size() == 1);
    CHECK(other.headers[0].name == "X-Other");
    // Once dropped, they stay dropped, even back at the first origin.
    CHECK(redirected_request(first, other, 307, "http://a.test/z").headers.size() == 1);
}

TEST_CASE("trusted redirects (curl's --location-trusted) keep the credentials on every host",
          "[redirect]") {
    const Request first = put_with_body();
    const Request other = redirected_request(first, first, 307, "https://b.test/y", true);
    CHECK(other.headers.size() == 3);
}

TEST_CASE("libcurl follows only the methods it picks itself", "[redirect]") {
    CHECK(libcurl_follows_correctly({"GET", "http://a.test/", {}, std::nullopt}));
    CHECK(libcurl_follows_correctly({"HEAD", "http://a.test/", {}, std::nullopt}));
    CHECK(libcurl_follows_correctly({"POST", "http://a.test/", {}, std::string("b")}));
    CHECK_FALSE(libcurl_follows_correctly({"POST", "http://a.test/", {}, std::nullopt}));
    CHECK_FALSE(libcurl_follows_correctly({"PUT", "http://a.test/", {}, std::string("b")}));
    CHECK_FALSE(libcurl_follows_correctly({"DELETE", "http://a.test/", {}, std::nullopt}));
}

TEST_CASE("a POST becomes a GET without body after 301, 302 and 303, as with libcurl",
          "[redirect]") {
    const Request post{"POST", "http://a.test/x", {}, std::string("form")};
    for (const int status : {301, 302, 303}) {
        INFO(status);
        const Request next = redirected_request(post, post, status, "http://a.test/y");
        CHECK(next.method == "GET");
        CHECK_FALSE(next.body);
    }
    for (const int status : {307, 308}) {
        INFO(status);
        const Request next = redirected_request(post, post, status, "http://a.test/y");
        CHECK(next.method == "POST");
        CHECK(next.body == "form");
    }
}

TEST_CASE("a POST without a body stays a POST after 301 and 302, as curl -L -X POST sends it",
          "[redirect]") {
    const Request post{"POST", "http://a.test/x", {}, std::nullopt};
    for (const int status : {301, 302}) {
        INFO(status);
        CHECK(redirected_request(post, post, status, "http://a.test/y").method == "POST");
    }
    CHECK(redirected_request(post, post, 303, "http://a.test/y").method == "GET");
}

TEST_CASE("curl's --post301, --post302 and --post303 keep a POST and its body on that status",
          "[redirect]") {
    const Request post{"POST", "http://a.test/x", {}, std::string("form")};
    const Request put{"PUT", "http://a.test/x", {}, std::string("file")};
    const TransferSettings::KeepPost all{true, true, true};
    for (const int status : {301, 302, 303}) {
        INFO(status);
        const Request next = redirected_request(post, post, status, "http://a.test/y", false, all);
        CHECK(next.method == "POST");
        CHECK(next.body == "form");
    }
    // Only a POST is kept: a PUT still becomes a GET after a 303, as libcurl's does.
    CHECK(redirected_request(put, put, 303, "http://a.test/y", false, all).method == "GET");
    const TransferSettings::KeepPost only_301{true, false, false};
    CHECK(redirected_request(post, post, 301, "http://a.test/y", false, only_301).method == "POST");
    CHECK(redirected_request(post, post, 302, "http://a.test/y", false, only_301).method == "GET");
    CHECK(redirected_request(post, post, 303, "http://a.test/y", false, only_301).method == "GET");
}
