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

TEST_CASE("once a request has answered, no further hedge is due", "[hedge]") {
    RecordingSink sink;
    HedgeRace race(sink, HedgePolicy{Duration{100}, 3}, TimePoint{});
    const int first = race.add_request();
    CHECK(race.next_hedge_due() == TimePoint{} + Duration{100});
    race.body(first).on_body(head(200), "the first bytes of a flowing body");
    CHECK_FALSE(race.next_hedge_due());
}

TEST_CASE("a head asked about is an answer too: no further hedge is due", "[hedge]") {
    RecordingSink sink;
    HedgeRace race(sink, HedgePolicy{Duration{100}, 3}, TimePoint{});
    const int first = race.add_request();
    race.body(first).wants_body(head(503));
    CHECK_FALSE(race.next_hedge_due());
}

TEST_CASE("a body that outgrows what a race may hold streams, and the others are let go",
          "[hedge]") {
    RecordingSink sink;
    HedgePolicy policy{Duration{100}, 2};
    policy.most_held = 4;
    HedgeRace race(sink, policy, TimePoint{});
    const int first = race.add_request();
    const int hedge = race.add_request();
    const int late = race.add_request();
    race.body(first).on_body(head(200), "abc");
    CHECK(race.outrun().empty());
    race.body(hedge).on_body(head(200), "12");
    race.body(hedge).on_body(head(200), "345");
    // Past the limit: what was held goes out, and so does all that follows, as it comes.
    CHECK(sink.bytes_ == "12345");
    race.body(hedge).on_body(head(200), "67");
    CHECK(sink.bytes_ == "1234567");
    // The others' bytes never reach the sink.
    race.body(first).on_body(head(200), "defgh");
    CHECK(sink.bytes_ == "1234567");

    CHECK(race.outrun() == std::vector<int>{first, late});
    CHECK(race.outrun().empty());
    CHECK(race.cancelled() == 2);
    CHECK(race.running() == std::vector<int>{hedge});
    CHECK_FALSE(race.next_hedge_due());

    CHECK(race.end_request(hedge, true) == RaceEnd::wins);
    const AttemptResult result = race.deliver(hedge, answered(200));
    CHECK(sink.bytes_ == "1234567");
    CHECK_FALSE(result.failure);
}

TEST_CASE(
    "once a request streams, another's good end is set aside and its own end is the "
    "attempt's",
    "[hedge]") {
    RecordingSink sink;
    HedgePolicy policy{Duration{100}, 1};
    policy.most_held = 2;
    HedgeRace race(sink, policy, TimePoint{});
    const int first = race.add_request();
    const int hedge = race.add_request();
    race.body(first).on_body(head(200), "abc");
    race.body(hedge).on_body(head(200), "x");
    // The hedge ended complete in the same turn, before the first could be cancelled.
    CHECK(race.end_request(hedge, true) == RaceEnd::set_aside);
    // The first stalls mid-body: its failure is the attempt's, for a retry to resume.
    CHECK(race.end_request(first, false) == RaceEnd::last);
    CHECK(race.decided());
    CHECK(sink.bytes_ == "abc");
}

TEST_CASE("a sink's refusal while streaming stops the elected request", "[hedge]") {
    RecordingSink sink;
    sink.refuse = true;
    HedgePolicy policy{Duration{100}, 1};
    policy.most_held = 1;
    HedgeRace race(sink, policy, TimePoint{});
    const int first = race.add_request();
    CHECK(race.body(first).on_body(head(200), "ab"));
}
