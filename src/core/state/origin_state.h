#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/state/adaptive_rate.h"
#include "core/state/circuit_breaker.h"
#include "core/state/cooperation.h"
#include "core/state/retry_budget.h"

namespace rfetch {

/// What runs against one origin share: its retry budget, its circuit breaker, how cooperating
/// runs take turns with it, when its spent rate-limit quota comes back, and its adaptive pace.
struct OriginState {
    RetryBudgetState budget;
    CircuitBreakerState breaker;
    CooperationState cooperation;
    std::optional<WallTime> quota_reset_at;
    std::optional<AdaptiveRateState> adaptive_rate;
};

/// The stored form: {"origin":..., "retry_budget":{"tokens":9.9},
/// "circuit_breaker":{"consecutive_failures":0,"open_until_ms":null,"probe_until_ms":null},
/// "cooperation":{"phase":"healthy","failed_probes":0,"next_probe_ms":null,"prober":"",
/// "probe_until_ms":null,"ramp_started_ms":null,"ramp_taken":0}}, and "quota_reset_at_ms" once
/// a response spent the origin's rate-limit quota; times in milliseconds since the Unix epoch.
/// Once a run paced the origin adaptively, "adaptive_rate":{"phase":"slow_start","rate":10.0,
/// "tokens":0.0,"refilled_at_us":...,"last_max_rate":0.0,"last_throttle_at_us":null,
/// "measured_rate":0.0,"measuring_since_us":null,"measured_answers":0}, its times in
/// microseconds, since a token at a hundred requests a second is ten milliseconds.
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
