#include "core/poll/ready_condition.h"

#include <catch2/catch.hpp>

using namespace rfetch;

namespace {

Response response(int status, std::string body = {}) {
    Response response;
    response.status = status;
    response.body_size = body.size();
    response.body = std::move(body);
    return response;
}

ReadyCondition with_json(std::initializer_list<const char*> conditions) {
    ReadyCondition condition;
    for (const char* text : conditions) {
        condition.json.push_back(*parse_json_condition(text).value);
    }
    return condition;
}

}  // namespace

TEST_CASE("without a status list, a status below 400 is ready", "[ready]") {
    const ReadyCondition condition;
    CHECK(evaluate(condition, response(200)).holds);
    CHECK(evaluate(condition, response(200)).reason == "status 200");
    CHECK(evaluate(condition, response(302)).holds);
    const Match busy = evaluate(condition, response(503));
    CHECK_FALSE(busy.holds);
    CHECK(busy.reason == "status 503");
    CHECK(evaluate(condition, response(404)).reason == "status 404");
}

TEST_CASE("a body larger than the buffer, not kept, never matches a body condition", "[ready]") {
    Response long_body = response(200);
    long_body.body_size = 100'000'000;
    const Match match = evaluate(with_json({"/status == \"ready\""}), long_body);
    CHECK_FALSE(match.holds);
    CHECK(match.reason == "body larger than the buffer, not kept to check");
    CHECK(match.setting == Setting::buffer);
    CHECK(evaluate(ReadyCondition{}, long_body).holds);
}

TEST_CASE("a status list replaces the below-400 rule", "[ready]") {
    ReadyCondition condition;
    condition.statuses = *parse_status_list("404").value;
    CHECK(evaluate(condition, response(404)).holds);
    CHECK(evaluate(condition, response(200)).reason == "status 200");
}

TEST_CASE("a body pattern is searched for anywhere in the body", "[ready]") {
    ReadyCondition condition;
    condition.body = *parse_body_pattern("^OK$|\"up\"").value;
    CHECK(evaluate(condition, response(200, "OK")).holds);
    CHECK(evaluate(condition, response(200, R"({"state":"up"})")).holds);
    const Match match = evaluate(condition, response(200, "starting"));
    CHECK_FALSE(match.holds);
    CHECK(match.reason == R"(body did not match "^OK$|\"up\"")");
    // The status is judged first.
    CHECK(evaluate(condition, response(503, "OK")).reason == "status 503");
}

TEST_CASE("^ and $ match at the ends of each line of the body", "[ready]") {
    ReadyCondition condition;
    condition.body = *parse_body_pattern("^cache: ok$").value;
    CHECK(evaluate(condition, response(200, "db: ok\ncache: ok\n")).holds);
    CHECK_FALSE(evaluate(condition, response(200, "db: ok\ncache: ok, mostly\n")).holds);
}

TEST_CASE("a long body is searched without deep recursion", "[ready]") {
    // std::regex's default matcher overflowed the stack here, a line of 64 KiB sufficing.
    ReadyCondition condition;
    condition.body = *parse_body_pattern(".*ready").value;
    const std::string line(1 << 20, 'x');
    CHECK(evaluate(condition, response(200, line + "ready\n")).holds);
    CHECK_FALSE(evaluate(condition, response(200, line + "\n")).holds);
    condition.body = *parse_body_pattern("(x|y)*z").value;
    CHECK_FALSE(evaluate(condition, response(200, line)).holds);
}

TEST_CASE("a pattern is checked alone, not as wrapped for the search", "[ready]") {
    CHECK_FALSE(parse_body_pattern("a)(b").value);
    CHECK_FALSE(parse_body_pattern(")").value);
}

TEST_CASE("a back-reference is refused", "[ready]") {
    const auto pattern = parse_body_pattern("(a)\\1");
    CHECK_FALSE(pattern.value);
    CHECK_THAT(pattern.error, Catch::StartsWith("uses a back-reference"));
}

TEST_CASE("a bad pattern is refused", "[ready]") {
    for (const char* text : {"(", "[a-", "a{2,1}", "*", "\\"}) {
        const auto pattern = parse_body_pattern(text);
        INFO(text);
        CHECK_FALSE(pattern.value);
        CHECK_THAT(pattern.error, Catch::StartsWith("is not an ECMAScript regular expression: "));
        CHECK(pattern.error.find('\n') == std::string::npos);
    }
}

TEST_CASE("every JSON condition must hold", "[ready]") {
    const ReadyCondition condition = with_json({R"(/status == "ready")", "/replicas >= 3"});
    CHECK(evaluate(condition, response(200, R"({"status":"ready","replicas":3})")).holds);
    CHECK(evaluate(condition, response(200, R"({"status":"pending","replicas":3})")).reason ==
          R"(/status was "pending")");
    CHECK(evaluate(condition, response(200, R"({"status":"ready","replicas":2})")).reason ==
          "/replicas was 2");
}

TEST_CASE("a body that is not JSON does not match, and says so", "[ready]") {
    const ReadyCondition condition = with_json({R"(/status == "ready")"});
    for (const char* body : {"", "<h1>starting</h1>", R"({"status":"ready")", "\xff\xfe"}) {
        const Match match = evaluate(condition, response(200, body));
        CHECK_FALSE(match.holds);
        CHECK(match.reason == "body is not JSON");
    }
}

TEST_CASE("a JSON body nested too deep does not match, and says so", "[ready]") {
    const ReadyCondition condition = with_json({"/a != 1"});
    const std::string arrays = std::string(50'000, '[') + std::string(50'000, ']');
    std::string objects;
    for (int i = 0; i < 50'000; ++i) {
        objects += R"({"a":)";
    }
    objects += "2" + std::string(50'000, '}');
    for (const std::string& body : {arrays, objects}) {
        const Match match = evaluate(condition, response(200, body));
        CHECK_FALSE(match.holds);
        CHECK(match.reason == "body nests deeper than 512 levels");
    }
}
