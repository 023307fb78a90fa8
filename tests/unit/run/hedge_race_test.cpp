#include "core/run/hedge_race.h"

#include <catch2/catch.hpp>

using namespace rfetch;

namespace {

// The run's sink: records what reaches it and refuses bodies when told to.
class RecordingSink final : public BodySink {
  public:
    bool wants_body(const Response& head) override { return head.status < 400; }
    std::optional<Failure> on_body(const Response& head, std::string_view bytes) override {
        statuses.push_back(head.status);
        bytes_.append(bytes);
        return refuse ? std::optional<Failure>(Failure{FailureKind::write, 23, "disk full"})
                      : std::nullopt;
    }
    std::string bytes_;
    std::vector<int> statuses;
    bool refuse = false;
};

Response head(int status) {
    Response response;
    response.status = status;
    return response;
}

AttemptResult answered(int status) {
    AttemptResult result;
    result.response = head(status);
    return result;
}

}  // namespace

TEST_CASE("only the chosen request's body reaches the run's sink, once", "[hedge]") {
    RecordingSink sink;
    HedgeRace race(sink, HedgePolicy{Duration{100}, 2}, TimePoint{});
    const int first = race.add_request();
    const int hedge = race.add_request();
    CHECK(first == 0);
    CHECK(hedge == 1);
    race.body(first).on_body(head(200), "slow ");
    race.body(hedge).on_body(head(200), "fast ");
    race.body(hedge).on_body(head(200), "body");
    CHECK(sink.bytes_.empty());

    CHECK(race.end_request(hedge, true) == RaceEnd::wins);
    CHECK(race.running() == std::vector<int>{0});
    const AttemptResult result = race.deliver(hedge, answered(200));
    CHECK(sink.bytes_ == "fast body");
    CHECK(sink.statuses == std::vector<int>{200});
    CHECK_FALSE(result.failure);
}

TEST_CASE("questions about a body are the run's sink's to answer", "[hedge]") {
    RecordingSink sink;
    HedgeRace race(sink, HedgePolicy{Duration{100}, 1}, TimePoint{});
    BodySink& body = race.body(race.add_request());
    CHECK(body.wants_body(head(200)));
    CHECK_FALSE(body.wants_body(head(404)));
}

TEST_CASE("a sink that refuses the winner's body makes that the attempt's failure", "[hedge]") {
    RecordingSink sink;
    sink.refuse = true;
    HedgeRace race(sink, HedgePolicy{Duration{100}, 1}, TimePoint{});
    const int first = race.add_request();
    race.body(first).on_body(head(200), "bytes");
    race.end_request(first, true);
    const AttemptResult result = race.deliver(first, answered(200));
    REQUIRE(result.failure);
    CHECK(result.failure->kind == FailureKind::write);
}

TEST_CASE("a race stops asking for hedges once it is decided or its max is sent", "[hedge]") {
    RecordingSink sink;
    const TimePoint start{};
    HedgeRace race(sink, HedgePolicy{Duration{100}, 2}, start);
    CHECK_FALSE(race.next_hedge_due());
    race.add_request();
    CHECK(race.next_hedge_due() == start + Duration{100});
    race.add_request();
    CHECK(race.next_hedge_due() == start + Duration{200});
    CHECK(race.end_request(1, false) == RaceEnd::set_aside);
    CHECK_FALSE(race.decided());
    CHECK(race.next_hedge_due() == start + Duration{200});
    race.add_request();
    CHECK(race.hedges_sent() == 2);
    CHECK_FALSE(race.next_hedge_due());
    CHECK(race.end_request(0, false) == RaceEnd::set_aside);
    CHECK(race.end_request(2, false) == RaceEnd::last);
    CHECK(race.decided());
    CHECK(race.running().empty());
}
