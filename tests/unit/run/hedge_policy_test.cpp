#include "core/run/hedge_policy.h"

#include <catch2/catch.hpp>

using namespace rfetch;

TEST_CASE("hedges fall due one interval apart, up to the policy's max", "[hedge]") {
    const TimePoint start{};
    const HedgePolicy policy{Duration{100}, 3};
    CHECK(next_hedge_due(policy, start, 0) == start + Duration{100});
    CHECK(next_hedge_due(policy, start, 1) == start + Duration{200});
    CHECK(next_hedge_due(policy, start, 2) == start + Duration{300});
    CHECK_FALSE(next_hedge_due(policy, start, 3));
    CHECK_FALSE(next_hedge_due(policy, start, 4));
}

TEST_CASE("the default policy sends one hedge", "[hedge]") {
    const HedgePolicy policy{Duration{250}};
    CHECK(next_hedge_due(policy, TimePoint{}, 0) == TimePoint{} + Duration{250});
    CHECK_FALSE(next_hedge_due(policy, TimePoint{}, 1));
}

TEST_CASE("no hedge is ever due with no delay or a negative count", "[hedge]") {
    CHECK_FALSE(next_hedge_due(HedgePolicy{Duration{0}, 5}, TimePoint{}, 0));
    CHECK_FALSE(next_hedge_due(HedgePolicy{Duration{100}, 5}, TimePoint{}, -1));
}

TEST_CASE("the most hedges allowed stays far from overflow", "[hedge]") {
    const HedgePolicy policy{Duration{24 * 60 * 60 * 1000}, kMostHedges};
    const auto due = next_hedge_due(policy, TimePoint{}, kMostHedges - 1);
    REQUIRE(due);
    CHECK(*due - TimePoint{} == Duration{5LL * 24 * 60 * 60 * 1000});
}

TEST_CASE("how a request's end counts in its race", "[hedge]") {
    struct Row {
        bool good;
        int others;
        RaceEnd end;
    };
    for (const Row& row : {Row{true, 0, RaceEnd::wins}, Row{true, 3, RaceEnd::wins},
                           Row{false, 1, RaceEnd::set_aside}, Row{false, 4, RaceEnd::set_aside},
                           Row{false, 0, RaceEnd::last}}) {
        INFO("good " << row.good << ", others " << row.others);
        CHECK(judge_race_end(row.good, row.others) == row.end);
    }
}
