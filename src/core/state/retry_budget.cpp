#include "core/state/retry_budget.h"

#include <algorithm>

namespace rfetch {
namespace {

constexpr std::int64_t kOneToken = 1000;

// Clamped to the policy in force: MAX may have been larger in the run that saved the count.
std::int64_t tokens_now(const RetryBudgetState& state, const RetryBudgetPolicy& policy) {
    return std::clamp(state.milli_tokens.value_or(policy.max_milli), std::int64_t{0},
                      policy.max_milli);
}

}  // namespace

bool spend_token(RetryBudgetState& state, const RetryBudgetPolicy& policy) {
    const std::int64_t left = std::max(std::int64_t{0}, tokens_now(state, policy) - kOneToken);
    state.milli_tokens = left;
    // gRPC compares after taking the failed attempt's token: "above MAX/2", never "at".
    return left * 2 > policy.max_milli;
}

bool take_hedge_token(RetryBudgetState& state, const RetryBudgetPolicy& policy) {
    const std::int64_t left = tokens_now(state, policy) - kOneToken;
    if (left * 2 <= policy.max_milli) {
        return false;
    }
    state.milli_tokens = left;
    return true;
}

void earn_token(RetryBudgetState& state, const RetryBudgetPolicy& policy) {
    state.milli_tokens = std::min(policy.max_milli, tokens_now(state, policy) + policy.ratio_milli);
}

}  // namespace rfetch
