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

constexpr const char* kModified = "Wed, 21 Oct 2015 07:28:00 GMT";
constexpr const char* kSecondLater = "Wed, 21 Oct 2015 07:28:01 GMT";

// The two dates these tests use, a second apart.
std::optional<WallTime> two_dates(std::string_view text) {
    const WallTime modified{std::chrono::seconds(1'445'412'480)};
    if (text == kModified) {
        return modified;
    }
    if (text == kSecondLater) {
        return modified + std::chrono::seconds(1);
    }
    return std::nullopt;
}

std::string validator_of(const Response& response) {
    const Resumability resumable = resumability(response, two_dates);
    REQUIRE(std::holds_alternative<ResumeValidator>(resumable));
    return std::get<ResumeValidator>(resumable).value;
}

std::string why_not(const Response& response) {
    const Resumability resumable = resumability(response, two_dates);
    REQUIRE(std::holds_alternative<std::string>(resumable));
    return std::get<std::string>(resumable);
}

}  // namespace

TEST_CASE("a strong ETag is the validator, before Last-Modified", "[resume]") {
    CHECK(validator_of(head(200, {{"Accept-Ranges", "bytes"},
                                  {"Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT"},
                                  {"ETag", "\"v1\""}})) == "\"v1\"");
}

TEST_CASE("a weak ETag is never sent in If-Range, and a strong Last-Modified stands in",
          "[resume]") {
    CHECK(validator_of(head(200, {{"Accept-Ranges", "bytes"},
                                  {"ETag", "W/\"v1\""},
                                  {"Date", kSecondLater},
                                  {"Last-Modified", kModified}})) == kModified);
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

TEST_CASE("a Last-Modified is used only when the Date is a second after it (RFC 9110 8.8.2.2)",
          "[resume]") {
    // The same second, no Date, or a Date that cannot be read: the date is a weak validator,
    // and a resource changed twice within that second would be spliced.
    for (const std::vector<Header>& dates :
         {std::vector<Header>{{"Date", kModified}}, std::vector<Header>{},
          std::vector<Header>{{"Date", "yesterday"}}}) {
        std::vector<Header> headers{{"Accept-Ranges", "bytes"}, {"Last-Modified", kModified}};
        headers.insert(headers.end(), dates.begin(), dates.end());
        CHECK_THAT(why_not(head(200, headers)), Catch::Contains("weak validator"));
    }
    const Response later = head(
        200, {{"Accept-Ranges", "bytes"}, {"Last-Modified", kModified}, {"Date", kSecondLater}});
    CHECK(validator_of(later) == kModified);
    CHECK(std::holds_alternative<std::string>(resumability(later, nullptr)));
}
