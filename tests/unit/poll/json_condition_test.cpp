#include "core/poll/json_condition.h"

#include <catch2/catch.hpp>

using namespace rfetch;
using Json = nlohmann::json;

namespace {

JsonCondition parsed(const std::string& text) {
    auto result = parse_json_condition(text);
    INFO(text << ": " << result.error);
    REQUIRE(result.value);
    return *result.value;
}

std::string refused(const std::string& text) {
    const auto result = parse_json_condition(text);
    INFO(text);
    REQUIRE_FALSE(result.value);
    return result.error;
}

bool holds(const std::string& condition, const std::string& document) {
    return check(parsed(condition), Json::parse(document)).holds;
}

std::string reason(const std::string& condition, const std::string& document) {
    const Match match = check(parsed(condition), Json::parse(document));
    REQUIRE_FALSE(match.holds);
    return match.reason;
}

}  // namespace

TEST_CASE("a condition is a pointer, an operator and a JSON value", "[json-condition]") {
    const JsonCondition condition = parsed(R"(/status == "ready")");
    CHECK(condition.pointer_text == "/status");
    CHECK(condition.pointer.to_string() == "/status");
    CHECK(condition.comparison == Comparison::equal);
    CHECK(condition.value == "ready");

    CHECK(parsed("/checks/0/ok == true").pointer.to_string() == "/checks/0/ok");
    CHECK(parsed("  /replicas\t>=   3  ").value == 3);
    CHECK(parsed(R"(/name == "two words")").value == "two words");
    CHECK(parsed("/a~1b~0c == 1").pointer.back() == "a/b~c");
}

TEST_CASE("every operator is read", "[json-condition]") {
    const std::pair<const char*, Comparison> operators[] = {
        {"==", Comparison::equal},  {"!=", Comparison::not_equal},
        {"<", Comparison::less},    {"<=", Comparison::less_equal},
        {">", Comparison::greater}, {">=", Comparison::greater_equal},
    };
    for (const auto& [name, comparison] : operators) {
        CHECK(parsed(std::string("/n ") + name + " 1").comparison == comparison);
    }
}

TEST_CASE("an operator first tests the whole document", "[json-condition]") {
    const JsonCondition condition = parsed("== true");
    CHECK(condition.pointer_text.empty());
    CHECK(check(condition, Json(true)).holds);
    CHECK(check(condition, Json(false)).reason == "the body was false");
}

TEST_CASE("numbers compare by value", "[json-condition]") {
    CHECK(holds("/n == 3", R"({"n":3})"));
    CHECK(holds("/n == 3", R"({"n":3.0})"));
    CHECK_FALSE(holds("/n == 3", R"({"n":4})"));
    CHECK(holds("/n != 3", R"({"n":4})"));
    CHECK_FALSE(holds("/n != 3", R"({"n":3})"));
    CHECK(holds("/n < 3", R"({"n":2})"));
    CHECK_FALSE(holds("/n < 3", R"({"n":3})"));
    CHECK(holds("/n <= 3", R"({"n":3})"));
    CHECK_FALSE(holds("/n <= 3", R"({"n":3.5})"));
    CHECK(holds("/n > 3", R"({"n":3.5})"));
    CHECK_FALSE(holds("/n > 3", R"({"n":3})"));
    CHECK(holds("/n >= 3", R"({"n":3})"));
    CHECK_FALSE(holds("/n >= 3", R"({"n":-3})"));
    CHECK(holds("/n > -1", R"({"n":0})"));
    CHECK(holds("/n < 1e3", R"({"n":999})"));
}

TEST_CASE("numbers past the range of a signed integer keep their sign", "[json-condition]") {
    // nlohmann's own == casts 2^64-1 to a signed -1.
    CHECK_FALSE(holds("/n == -1", R"({"n":18446744073709551615})"));
    CHECK(holds("/n > -1", R"({"n":18446744073709551615})"));
    CHECK(holds("/n < 18446744073709551615", R"({"n":-1})"));
    CHECK(holds("/n == 18446744073709551615", R"({"n":18446744073709551615})"));
}

TEST_CASE("strings compare by their bytes", "[json-condition]") {
    CHECK(holds(R"(/s == "ready")", R"({"s":"ready"})"));
    CHECK_FALSE(holds(R"(/s == "ready")", R"({"s":"Ready"})"));
    CHECK(holds(R"(/s != "ready")", R"({"s":"pending"})"));
    CHECK_FALSE(holds(R"(/s != "ready")", R"({"s":"ready"})"));
    CHECK(holds(R"(/v < "2.0")", R"({"v":"1.9"})"));
    CHECK(holds(R"(/v <= "2.0")", R"({"v":"2.0"})"));
    CHECK(holds(R"(/v > "2.0")", R"({"v":"2.1"})"));
    CHECK(holds(R"(/v >= "b")", R"({"v":"ba"})"));
    CHECK_FALSE(holds(R"(/v >= "b")", R"({"v":"a"})"));
}

TEST_CASE("booleans and null are equal or not", "[json-condition]") {
    CHECK(holds("/ok == true", R"({"ok":true})"));
    CHECK_FALSE(holds("/ok == true", R"({"ok":false})"));
    CHECK(holds("/ok != true", R"({"ok":false})"));
    CHECK(holds("/ok == false", R"({"ok":false})"));
    CHECK(holds("/error == null", R"({"error":null})"));
    CHECK_FALSE(holds("/error == null", R"({"error":"disk full"})"));
    CHECK(holds("/error != null", R"({"error":"disk full"})"));
    CHECK_FALSE(holds("/error != null", R"({"error":null})"));
    // A string that spells the value is another type.
    CHECK_FALSE(holds("/ok == true", R"({"ok":"true"})"));
    CHECK_FALSE(holds("/n == 3", R"({"n":"3"})"));
    CHECK(holds("/n != 3", R"({"n":"3"})"));
}

TEST_CASE("an ordering between different types never holds", "[json-condition]") {
    CHECK_FALSE(holds("/n >= 3", R"({"n":"three"})"));
    CHECK_FALSE(holds("/n < 3", R"({"n":null})"));
    CHECK_FALSE(holds(R"(/s < "b")", R"({"s":1})"));
    CHECK(reason("/n >= 3", R"({"n":"three"})") == R"(/n was "three")");
}

TEST_CASE("arrays and objects compare whole", "[json-condition]") {
    CHECK(holds("/a == [1, 2]", R"({"a":[1,2]})"));
    CHECK_FALSE(holds("/a == [1, 2]", R"({"a":[2,1]})"));
    CHECK(holds(R"(/o == {"x": 1})", R"({"o":{"x":1}})"));
}

TEST_CASE("a missing member never holds, whatever the operator", "[json-condition]") {
    CHECK(reason(R"(/status == "ready")", R"({"state":"ready"})") == "/status is missing");
    CHECK(reason("/error != null", "{}") == "/error is missing");
    CHECK(reason("/checks/3/ok == true", R"({"checks":[{"ok":true}]})") ==
          "/checks/3/ok is missing");
    CHECK(reason("/checks/x == 1", R"({"checks":[1]})") == "/checks/x is missing");
    CHECK(reason("/checks/- == 1", R"({"checks":[1]})") == "/checks/- is missing");
    CHECK(reason("/a/b == 1", R"({"a":1})") == "/a/b is missing");
    // An index past size_t: nlohmann throws, the condition only does not hold.
    CHECK(reason("/a/99999999999999999999999 == 1", R"({"a":[1]})") ==
          "/a/99999999999999999999999 is missing");
}

TEST_CASE("the reason shows what was found, short", "[json-condition]") {
    CHECK(reason(R"(/status == "ready")", R"({"status":"pending"})") == R"(/status was "pending")");
    CHECK(reason("/replicas >= 3", R"({"replicas":1})") == "/replicas was 1");
    CHECK(reason("/ok == true", R"({"ok":null})") == "/ok was null");
    CHECK(reason("/checks == 1", R"({"checks":[1,2,3]})") == "/checks was an array of 3");
    CHECK(reason("/db == 1", R"({"db":{"up":false}})") == "/db was an object of 1 members");
    const std::string long_text(200, 'x');
    CHECK(reason(R"(/s == "y")", R"({"s":")" + long_text + R"("})") ==
          "/s was \"" + std::string(60, 'x') + "\"…");
}

TEST_CASE("bad conditions are refused with what is wrong", "[json-condition]") {
    CHECK_THAT(refused(""), Catch::StartsWith("is empty"));
    CHECK_THAT(refused("   "), Catch::StartsWith("is empty"));
    CHECK_THAT(refused("/status"), Catch::StartsWith("has no operator"));
    CHECK_THAT(refused(R"(/status=="ready")"), Catch::StartsWith("has no operator"));
    CHECK_THAT(refused(R"(status == "ready")"),
               Catch::StartsWith("has the pointer 'status', which does not start with '/'"));
    CHECK_THAT(refused("/a~2 == 1"), Catch::StartsWith("has the pointer '/a~2'"));
    CHECK_THAT(refused("/a~ == 1"), Catch::StartsWith("has the pointer '/a~'"));
    CHECK_THAT(refused(R"(/status = "ready")"),
               Catch::StartsWith("has the operator '=', which is none of"));
    CHECK_THAT(refused(R"(/status === "ready")"), Catch::StartsWith("has the operator '==='"));
    CHECK_THAT(refused(R"(/status ~= "ready")"), Catch::StartsWith("has the operator '~='"));
    CHECK_THAT(refused("/status =="), Catch::StartsWith("has no VALUE after '=='"));
    CHECK_THAT(refused("/status == ready"),
               Catch::StartsWith("has the VALUE 'ready', which is not JSON"));
    CHECK_THAT(refused("/status == 'ready'"), Catch::StartsWith("has the VALUE ''ready''"));
    CHECK_THAT(refused(R"(/status == "ready)"), Catch::Contains("which is not JSON"));
    CHECK_THAT(refused("/n == 1 2"), Catch::Contains("which is not JSON"));
    CHECK_THAT(refused("/n == True"), Catch::Contains("which is not JSON"));
    // nlohmann refuses a number past a double's range, so no VALUE is infinite.
    CHECK_THAT(refused("/n > 1e999"), Catch::Contains("which is not JSON"));
    CHECK_THAT(refused("/ok < true"), Catch::Contains("needs a number or a string"));
    CHECK_THAT(refused("/ok >= null"), Catch::Contains("needs a number or a string"));
    CHECK_THAT(refused("/ok > [1]"), Catch::Contains("needs a number or a string"));
}

TEST_CASE("errors are one line", "[json-condition]") {
    for (const char* text : {"", "/a", "a == 1", "/a ? 1", "/a == x", "/a < true", "/a~3 == 1"}) {
        const std::string error = refused(text);
        CHECK_FALSE(error.empty());
        CHECK(error.find('\n') == std::string::npos);
    }
}
