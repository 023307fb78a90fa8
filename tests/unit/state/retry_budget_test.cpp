#include "core/state/retry_budget.h"

#include <catch2/catch.hpp>

using namespace rfetch;

namespace {

const RetryBudgetPolicy kTenAndATenth{10'000, 100};

// How many failed attempts in a row may each be followed by a retry.
int retries_granted(RetryBudgetState& state, const RetryBudgetPolicy& policy, int failures) {
    int granted = 0;
    for (int i = 0; i < failures; ++i) {
        granted += spend_token(state, policy) ? 1 : 0;
    }
    return granted;
}

}  // namespace

TEST_CASE("a new budget is full and grants retries while more than MAX/2 tokens are left",
          "[budget]") {
    RetryBudgetState state;
    // 10 tokens: failures leave 9, 8, 7, 6 (retry), then 5, which is not above 5.
    CHECK(spend_token(state, kTenAndATenth));
    CHECK(state.milli_tokens == 9'000);
    CHECK(retries_granted(state, kTenAndATenth, 3) == 3);
    CHECK(state.milli_tokens == 6'000);
    CHECK_FALSE(spend_token(state, kTenAndATenth));
    CHECK(state.milli_tokens == 5'000);
}

TEST_CASE("an outage of any length grants MAX/2 - 1 retries in all, then none", "[budget]") {
    RetryBudgetState state;
    CHECK(retries_granted(state, kTenAndATenth, 100) == 4);
    CHECK(state.milli_tokens == 0);  // never below zero
}

TEST_CASE("successes earn RATIO back, up to MAX, without drifting", "[budget]") {
    RetryBudgetState state;
    retries_granted(state, kTenAndATenth, 10);
    CHECK(state.milli_tokens == 0);
    for (int i = 0; i < 60; ++i) {
        earn_token(state, kTenAndATenth);
    }
    CHECK(state.milli_tokens == 6'000);  // sixty tenths, exactly
    CHECK_FALSE(spend_token(state, kTenAndATenth));
    for (int i = 0; i < 1000; ++i) {
        earn_token(state, kTenAndATenth);
    }
    CHECK(state.milli_tokens == 10'000);
}

TEST_CASE("a count saved under a larger MAX is cut to the MAX in force", "[budget]") {
    RetryBudgetState state{50'000};
    const RetryBudgetPolicy small{4'000, 1'000};
    CHECK(spend_token(state, small));  // 4 -> 3, above 2
    CHECK(state.milli_tokens == 3'000);
    CHECK_FALSE(spend_token(state, small));  // 2 is not above 2
}

TEST_CASE("a budget of one token never grants a retry", "[budget]") {
    RetryBudgetState state;
    CHECK_FALSE(spend_token(state, {1'000, 1'000}));
}

TEST_CASE("a hedge takes a token only while more than MAX/2 would be left", "[budget][hedge]") {
    RetryBudgetState state;
    // 10 tokens: hedges leave 9, 8, 7, 6; a fifth would leave 5, which is not above 5.
    for (int hedge = 0; hedge < 4; ++hedge) {
        CHECK(take_hedge_token(state, kTenAndATenth));
    }
    CHECK(state.milli_tokens == 6'000);
    CHECK_FALSE(take_hedge_token(state, kTenAndATenth));
    // A refused hedge spends nothing: the retries of failed attempts keep what is left.
    CHECK(state.milli_tokens == 6'000);
    CHECK(spend_token(state, kTenAndATenth) == false);
}

TEST_CASE("a success refills what hedges took", "[budget][hedge]") {
    RetryBudgetState state{5'900};
    CHECK_FALSE(take_hedge_token(state, kTenAndATenth));
    earn_token(state, kTenAndATenth);
    earn_token(state, kTenAndATenth);
    CHECK(take_hedge_token(state, kTenAndATenth));
    CHECK(state.milli_tokens == 5'100);
}
