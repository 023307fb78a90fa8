// A server's JSON nested 50,000 deep, the kind of body that overflowed the stack of the
// recursive serializer: --result shows it as text and says why, and a poll reads it as not
// ready. Either way the run ends as for any other body, never with a crash.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"

using namespace rfetch::test;
using Json = nlohmann::json;

namespace {

constexpr std::size_t kDepth = 50'000;

std::string nested_arrays() {
    return std::string(kDepth, '[') + std::string(kDepth, ']');
}

std::string nested_objects() {
    std::string text;
    for (std::size_t i = 0; i < kDepth; ++i) {
        text += R"({"a":)";
    }
    return text + "1" + std::string(kDepth, '}');
}

const HeaderList kJson{{"Content-Type", "application/json"}};

}  // namespace

TEST_CASE(
    "the result document (--result) of JSON nested 50,000 deep shows the body as text, and exits 0",
    "[reports][hostile]") {
    for (const std::string& body : {nested_arrays(), nested_objects()}) {
        ScriptedServer server({{200, kJson, body}});

        const ProcessResult run = run_rfetch({"-s", "--result", server.url("/deep")});

        CHECK(run.exit_code == 0);
        const Json doc = Json::parse(run.out);
        CHECK(doc["status"] == 200);
        CHECK(doc["outcome"] == "success");
        CHECK(doc["body_encoding"] == "text");
        CHECK(doc["body_fallback"] == "too_deep");
        CHECK(doc["body"] == body);
    }
}

TEST_CASE(
    "the result document (--result) of a failed run with deeply nested JSON exits 22 as for any "
    "404",
    "[reports][hostile]") {
    ScriptedServer server({{404, kJson, nested_arrays()}});

    const ProcessResult run = run_rfetch({"-s", "--result", server.url("/deep")});

    CHECK(run.exit_code == 22);
    const Json doc = Json::parse(run.out);
    CHECK(doc["body_fallback"] == "too_deep");
}

TEST_CASE("a poll (--until-json) reads JSON nested 50,000 deep as not ready, and goes on",
          "[polling][hostile]") {
    const std::string ready = R"({"a":1})";
    ScriptedServer server({{200, kJson, nested_objects()}, {200, kJson, ready}});

    const ProcessResult run =
        run_rfetch({"--until-json", "/a == 1", "--interval", "20ms", server.url("/deep")});

    CHECK(run.exit_code == 0);
    CHECK(run.out == ready);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.attempts.size() == 2);
    CHECK(log.attempts.at(0)["reason"] == "body nests deeper than 512 levels");
}
