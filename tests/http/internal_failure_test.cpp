// An exception inside one attempt, here a real refusal by libcurl, is that attempt's failure:
// the transport lives on, and so do the other transfers on the same multi handle.

#include <catch2/catch.hpp>
#include <map>

#include "raw_server.h"
#include "transport_fixture.h"

using namespace rfetch;
using namespace rfetch::test;

namespace {

// libcurl refuses strings longer than 8,000,000 bytes (curl_easy_setopt(3)), and the method
// goes to CURLOPT_CUSTOMREQUEST.
Request refused_by_libcurl(const std::string& url) {
    return request_for(url, std::string(8'000'001, 'X'));
}

struct Discard final : BodySink {
    std::optional<Failure> on_body(const Response&, std::string_view) override {
        return std::nullopt;
    }
};

}  // namespace

TEST_CASE("a refused option fails the attempt, not the transport", "[internal]") {
    RawServer server({{RawMove::reply, http_response(200, "good")}});
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi));

    const AttemptResult refused = transport.perform(refused_by_libcurl(server.url()));
    REQUIRE(refused.failure);
    CHECK(refused.failure->kind == FailureKind::internal);
    CHECK(refused.failure->code == CURLE_BAD_FUNCTION_ARGUMENT);
    CHECK_THAT(refused.failure->message, Catch::Contains("CURLOPT_CUSTOMREQUEST"));
    CHECK_FALSE(refused.request_sent);
    CHECK_FALSE(refused.response);

    const AttemptResult good = transport.perform(request_for(server.url()));
    CHECK_FALSE(good.failure);
    CHECK(transport.body() == "good");
    CHECK(server.request_count() == 1);
}

TEST_CASE("on the multi transport one transfer's internal failure spares the others",
          "[internal]") {
    RawServer server({{RawMove::reply, http_response(200, "good")}});
    CurlMultiTransport transport({{}, [] { return false; }, {}}, -1);
    const Request refused = refused_by_libcurl(server.url());
    const Request good = request_for(server.url());
    Discard sink;

    transport.start(1, good, {}, {}, sink);
    transport.start(2, refused, {}, {}, sink);
    transport.start(3, good, {}, {}, sink);
    CHECK(transport.in_flight() == 3);

    std::map<AsyncTransport::TransferId, AttemptResult> ended;
    for (int turn = 0; turn < 100 && ended.size() < 3; ++turn) {
        for (auto& [id, result] : transport.run_for(Duration{100})) {
            ended.emplace(id, std::move(result));
        }
    }
    REQUIRE(ended.size() == 3);
    CHECK(transport.in_flight() == 0);
    REQUIRE(ended.at(2).failure);
    CHECK(ended.at(2).failure->kind == FailureKind::internal);
    for (const AsyncTransport::TransferId id : {1, 3}) {
        INFO("transfer " << id);
        CHECK_FALSE(ended.at(id).failure);
        REQUIRE(ended.at(id).response);
        CHECK(ended.at(id).response->status == 200);
    }
}

TEST_CASE("an exception inside a libcurl callback fails the attempt instead of unwinding C frames",
          "[internal]") {
    RawServer server({{RawMove::reply, http_response(200, "good")}});
    EitherTransport transport(GENERATE(Kind::blocking, Kind::multi));
    transport.throw_while_transferring();

    const AttemptResult thrown = transport.perform(request_for(server.url()));
    REQUIRE(thrown.failure);
    CHECK(thrown.failure->kind == FailureKind::internal);
    CHECK_THAT(thrown.failure->message, Catch::Contains("the sink gave up"));
}
