#include "core/log/trace_context.h"

#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <string>

#include "unit/fakes.h"

using namespace rfetch;
using rfetch::testing::FixedRandom;

namespace {

constexpr const char* kExample = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

}  // namespace

TEST_CASE("a traceparent is read and written back unchanged", "[trace]") {
    const auto parent = parse_traceparent(kExample);
    REQUIRE(parent);
    CHECK(parent->trace_id == "4bf92f3577b34da6a3ce929d0e0e4736");
    CHECK(parent->parent_id == "00f067aa0ba902b7");
    CHECK(parent->flags == "01");
    CHECK(format_traceparent(*parent) == kExample);
}

TEST_CASE("malformed traceparents are refused", "[trace]") {
    for (const char* bad :
         {"", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
          "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
          "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
          "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
          "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
          "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01", "http://example.com/"}) {
        INFO(bad);
        CHECK_FALSE(parse_traceparent(bad));
    }
}

TEST_CASE("every attempt gets a new span in the same trace", "[trace]") {
    rfetch::SeededRandom ids(7);
    TraceHeaders trace(parse_traceparent(kExample), ids);
    const auto first = parse_traceparent(trace.for_attempt(1).at(0).value);
    const auto second = parse_traceparent(trace.for_attempt(2).at(0).value);
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->trace_id == "4bf92f3577b34da6a3ce929d0e0e4736");
    CHECK(second->trace_id == first->trace_id);
    CHECK(first->flags == "01");
    CHECK(first->parent_id != "00f067aa0ba902b7");
    CHECK(first->parent_id != second->parent_id);
}

TEST_CASE("a new trace is sampled and never uses an all-zero id", "[trace]") {
    FixedRandom zeros(0.0);
    TraceHeaders trace(std::nullopt, zeros);
    const std::vector<Header> headers = trace.for_attempt(1);
    REQUIRE(headers.size() == 1);
    CHECK(headers[0].name == "traceparent");
    const auto parent = parse_traceparent(headers[0].value);
    REQUIRE(parent);
    CHECK(parent->flags == "01");
}

TEST_CASE("trace ids come from a source seeded with more than 64 bits", "[trace]") {
    // Seeds that differ only past their first 64 bits still give different traces: a 53-bit
    // seed would make them the same.
    std::seed_seq first{1U, 2U, 3U, 4U};
    std::seed_seq second{1U, 2U, 3U, 5U};
    rfetch::SeededRandom a(first);
    rfetch::SeededRandom b(second);
    const auto trace_of = [](rfetch::Random& ids) {
        return rfetch::TraceHeaders(std::nullopt, ids).for_attempt(1).front().value.substr(3, 32);
    };
    CHECK(trace_of(a) != trace_of(b));

    std::set<std::string> traces;
    for (int run = 0; run < 200; ++run) {
        rfetch::SeededRandom ids = rfetch::entropy_seeded_random();
        traces.insert(trace_of(ids));
    }
    CHECK(traces.size() == 200);
}
