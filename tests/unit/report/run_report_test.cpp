#include "core/report/run_report.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/base/json_depth.h"

using namespace rfetch;
using Json = nlohmann::json;

namespace {

RunResult run_with(std::vector<Header> headers, std::string body) {
    RunResult run;
    run.outcome = Outcome::success;
    run.reason = "status 200";
    run.attempts = 2;
    run.elapsed = Duration{30};
    Response& response = run.final_response.emplace();
    response.status = 200;
    response.http_version = "1.1";
    response.headers = std::move(headers);
    response.body_size = body.size();
    response.body = std::move(body);
    response.timings.total = std::chrono::microseconds(2500);
    return run;
}

Json document(const RunResult& run, int exit_code = 0) {
    return Json::parse(result_document({run, "GET", "https://u:pw@example.test/x", exit_code}));
}

}  // namespace

TEST_CASE("the result document parses a JSON body and reports how the run went", "[result]") {
    const Json doc = document(run_with({{"Content-Type", "application/problem+json"}},
                                       R"({"status":"ready","n":[1,2]})"));
    CHECK(doc["url"] == "https://u:REDACTED@example.test/x");
    CHECK(doc["method"] == "GET");
    CHECK(doc["status"] == 200);
    CHECK(doc["http_version"] == "1.1");
    CHECK(doc["body"]["status"] == "ready");
    CHECK(doc["body"]["n"][1] == 2);
    CHECK(doc["body_encoding"] == "json");
    CHECK(doc["attempts"] == 2);
    CHECK(doc["outcome"] == "success");
    CHECK(doc["exit_code"] == 0);
    CHECK(doc["elapsed_ms"] == 30);
    CHECK(doc["size"] == 28);
    CHECK(doc["timings"]["total_ms"] == 2.5);
    CHECK(doc["timings"].contains("first_byte_ms"));
}

TEST_CASE("the result document keeps JSON that does not parse as text", "[result]") {
    const Json doc = document(run_with({{"Content-Type", "application/json"}}, "{not json"));
    CHECK(doc["body"] == "{not json");
    CHECK(doc["body_encoding"] == "text");
}

TEST_CASE("the result document encodes a binary body in base64", "[result]") {
    const Json doc =
        document(run_with({{"Content-Type", "image/png"}}, std::string("\x89PNG\0\xff", 6)));
    CHECK(doc["body"] == "iVBORwD/");
    CHECK(doc["body_encoding"] == "base64");
}

TEST_CASE("the result document names headers in lower case, joins repeats and hides secrets",
          "[result]") {
    const Json doc = document(run_with({{"Cache-Control", "no-cache"},
                                        {"cache-control", "no-store"},
                                        {"Set-Cookie", "session=abc"}},
                                       ""));
    CHECK(doc["headers"]["cache-control"] == "no-cache, no-store");
    CHECK(doc["headers"]["set-cookie"] == "REDACTED");
}

TEST_CASE("the result document says a body too long to hold was omitted", "[result]") {
    RunResult run = run_with({}, "");
    run.final_response->body_size = 100'000'000;
    const Json doc = document(run);
    CHECK(doc["body"].is_null());
    CHECK(doc["body_encoding"] == "omitted");
    CHECK(doc["size"] == 100'000'000);
}

TEST_CASE("the result document without any response still documents the run", "[result]") {
    RunResult run;
    run.outcome = Outcome::exhausted;
    run.reason = "connection refused or unreachable and no retries are left (3 allowed)";
    run.attempts = 4;
    const Json doc = document(run, 7);
    CHECK(doc["status"].is_null());
    CHECK(doc["body"].is_null());
    CHECK(doc["body_encoding"] == "none");
    CHECK(doc["headers"].empty());
    CHECK(doc["timings"].is_null());
    CHECK(doc["exit_code"] == 7);
    CHECK(doc["reason"] == run.reason);
}

namespace {

// 50,000 levels: far past the stack of nlohmann's recursive serializer.
constexpr std::size_t kHostileDepth = 50'000;

std::string nested_arrays(std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

std::string nested_objects(std::size_t depth) {
    std::string text;
    for (std::size_t i = 0; i < depth; ++i) {
        text += R"({"a":)";
    }
    return text + "1" + std::string(depth, '}');
}

}  // namespace

TEST_CASE("a JSON body nested too deep is shown as text, and the document says why", "[result]") {
    for (const std::string& body : {nested_arrays(kHostileDepth), nested_objects(kHostileDepth)}) {
        const Json doc = document(run_with({{"Content-Type", "application/json"}}, body));
        CHECK(doc["body"] == body);
        CHECK(doc["body_encoding"] == "text");
        CHECK(doc["body_fallback"] == "too_deep");
        CHECK(doc["size"] == body.size());
    }
}

TEST_CASE("a JSON body within the depth limit is parsed, with no fallback", "[result]") {
    const std::string body = nested_arrays(kMaxJsonDepth);
    const Json doc = document(run_with({{"Content-Type", "application/json"}}, body));
    CHECK(doc["body_encoding"] == "json");
    CHECK(doc["body"].is_array());
    CHECK_FALSE(doc.contains("body_fallback"));
}
