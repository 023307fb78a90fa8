#include "core/output/resume.h"

#include <catch2/catch.hpp>

using namespace rfetch;

namespace {

Response head(int status, std::vector<Header> headers) {
    Response response;
    response.status = status;
    response.headers = std::move(headers);
    return response;
}

std::string validator_of(const Response& response) {
    const Resumability resumable = resumability(response);
    REQUIRE(std::holds_alternative<ResumeValidator>(resumable));
    return std::get<ResumeValidator>(resumable).value;
}

std::string why_not(const Response& response) {
    const Resumability resumable = resumability(response);
    REQUIRE(std::holds_alternative<std::string>(resumable));
    return std::get<std::string>(resumable);
}

}  // namespace

TEST_CASE("a strong ETag is the validator, before Last-Modified", "[resume]") {
    CHECK(validator_of(head(200, {{"Accept-Ranges", "bytes"},
                                  {"Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT"},
                                  {"ETag", "\"v1\""}})) == "\"v1\"");
}

TEST_CASE("a weak ETag is never sent in If-Range; Last-Modified stands in", "[resume]") {
    CHECK(validator_of(head(200, {{"Accept-Ranges", "bytes"},
                                  {"ETag", "W/\"v1\""},
                                  {"Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT"}})) ==
          "Wed, 21 Oct 2015 07:28:00 GMT");
    CHECK_THAT(why_not(head(200, {{"Accept-Ranges", "bytes"}, {"ETag", "W/\"v1\""}})),
               Catch::Contains("no strong ETag"));
}

TEST_CASE("a response without byte ranges, or with a content coding, cannot be resumed",
          "[resume]") {
    CHECK_THAT(why_not(head(200, {{"ETag", "\"v1\""}})), Catch::Contains("Accept-Ranges"));
    CHECK_THAT(why_not(head(200, {{"Accept-Ranges", "none"}, {"ETag", "\"v1\""}})),
               Catch::Contains("Accept-Ranges"));
    CHECK(validator_of(head(200, {{"Accept-Ranges", "none, Bytes"}, {"ETag", "\"v1\""}})) ==
          "\"v1\"");
    CHECK_THAT(
        why_not(head(
            200, {{"Accept-Ranges", "bytes"}, {"Content-Encoding", "gzip"}, {"ETag", "\"v1\""}})),
        Catch::Contains("compressed"));
}

TEST_CASE("range headers ask for the rest from the byte given, if unchanged", "[resume]") {
    const auto headers = range_headers(12345, ResumeValidator{"\"v1\""});
    REQUIRE(headers.size() == 2);
    CHECK(headers[0].name == "Range");
    CHECK(headers[0].value == "bytes=12345-");
    CHECK(headers[1].name == "If-Range");
    CHECK(headers[1].value == "\"v1\"");
}

TEST_CASE("only a 206 whose Content-Range starts at the byte asked for continues", "[resume]") {
    CHECK(continues_at(head(206, {{"Content-Range", "bytes 100-199/200"}}), 100));
    CHECK(continues_at(head(206, {{"Content-Range", "bytes 100-199/*"}}), 100));
    CHECK_FALSE(continues_at(head(206, {{"Content-Range", "bytes 99-199/200"}}), 100));
    CHECK_FALSE(continues_at(head(200, {{"Content-Range", "bytes 100-199/200"}}), 100));
    CHECK_FALSE(continues_at(head(206, {}), 100));
    CHECK_FALSE(continues_at(head(206, {{"Content-Range", "items 100-199/200"}}), 100));
    CHECK_FALSE(continues_at(head(206, {{"Content-Range", "bytes 100"}}), 100));
    CHECK_FALSE(continues_at(head(206, {{"Content-Range", "bytes x-1/2"}}), 0));
}
