#include "core/run/attempt_number.h"

#include <catch2/catch.hpp>
#include <limits>

using namespace rfetch;

namespace {

// Per-attempt headers of a fixed name and value, to see the list keep its sources' order.
class FixedHeader final : public AttemptHeaders {
  public:
    explicit FixedHeader(std::string name) : name_(std::move(name)) {}
    std::vector<Header> for_attempt(int attempt) override {
        return {{name_, std::to_string(attempt)}};
    }

  private:
    std::string name_;
};

}  // namespace

TEST_CASE("the attempt header counts attempts against the most the policy allows", "[attempt]") {
    AttemptNumberHeader header("RFetch-Attempt", 3);
    const auto first = header.for_attempt(1);
    REQUIRE(first.size() == 1);
    CHECK(first[0].name == "RFetch-Attempt");
    CHECK(first[0].value == "attempt=1; max=4");
    CHECK(header.for_attempt(4)[0].value == "attempt=4; max=4");
}

TEST_CASE("no retries allows one attempt, and no limit leaves max out", "[attempt]") {
    CHECK(AttemptNumberHeader("A", 0).for_attempt(1)[0].value == "attempt=1; max=1");
    CHECK(AttemptNumberHeader("A", std::nullopt).for_attempt(7)[0].value == "attempt=7");
}

TEST_CASE("the largest retry count does not overflow max", "[attempt]") {
    const int most = std::numeric_limits<int>::max();
    CHECK(AttemptNumberHeader("A", most).for_attempt(1)[0].value ==
          "attempt=1; max=" + std::to_string(static_cast<long long>(most) + 1));
}

TEST_CASE("a header list joins its sources in the order they were added", "[attempt]") {
    FixedHeader trace("traceparent");
    AttemptNumberHeader number("RFetch-Attempt", 2);
    AttemptHeaderList list;
    CHECK(list.empty());
    CHECK(list.for_attempt(1).empty());
    list.add(trace);
    list.add(number);
    const auto headers = list.for_attempt(2);
    REQUIRE(headers.size() == 2);
    CHECK(headers[0].name == "traceparent");
    CHECK(headers[0].value == "2");
    CHECK(headers[1].value == "attempt=2; max=3");
}
