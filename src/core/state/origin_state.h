#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/state/circuit_breaker.h"
#include "core/state/retry_budget.h"

namespace rfetch {

/// What runs against one origin share: its retry budget and its circuit breaker.
struct OriginState {
    RetryBudgetState budget;
    CircuitBreakerState breaker;
};

/// The stored form: {"origin":..., "retry_budget":{"tokens":9.9},
/// "circuit_breaker":{"consecutive_failures":0,"open_until_ms":null,"probe_until_ms":null}},
/// times in milliseconds since the Unix epoch.
std::string serialize_origin_state(const std::string& origin, const OriginState& state);

struct StoredOriginState {
    std::string origin;
    OriginState state;
};

/// Reads the stored form back; nullopt when the text is not one.
std::optional<StoredOriginState> parse_origin_state(std::string_view text);

/// The stored form of the state, with the breaker's phase at `now` (closed, open or
/// half_open), as `rfetch --state` shows it.
nlohmann::ordered_json describe_origin_state(const OriginState& state, WallTime now);

}  // namespace rfetch
