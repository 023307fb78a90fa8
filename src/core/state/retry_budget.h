#pragma once

#include <cstdint>
#include <optional>

namespace rfetch {

/// gRPC's retry throttling (gRFC A6), counted in thousandths of a token as gRPC does, so that
/// adding RATIO again and again never drifts.
struct RetryBudgetPolicy {
    std::int64_t max_milli = 10'000;
    std::int64_t ratio_milli = 100;
};

/// One origin's tokens. Never spent means full: a new origin starts at MAX.
struct RetryBudgetState {
    std::optional<std::int64_t> milli_tokens;
};

/// A failed attempt takes one token. Returns whether a retry may follow it: only while more
/// than MAX/2 tokens are left.
bool spend_token(RetryBudgetState& state, const RetryBudgetPolicy& policy);

/// A hedge takes one token before it goes out, and only while more than MAX/2 would be left
/// after it: a hedge never spends the budget the retries of failed attempts need. Returns
/// whether it was taken.
bool take_hedge_token(RetryBudgetState& state, const RetryBudgetPolicy& policy);

/// A successful attempt earns RATIO, up to MAX.
void earn_token(RetryBudgetState& state, const RetryBudgetPolicy& policy);

}  // namespace rfetch
