#include "core/state/origin_state.h"

#include <cmath>
#include <limits>

namespace rfetch {
namespace {

using Json = nlohmann::ordered_json;

// WallTime counts nanoseconds in 64 bits, which ends in 2262 (9.2e12 ms); a stored time, here
// at most the year 2223, must leave room for a cooldown to be added to it.
constexpr std::int64_t kLatestMillis = 8'000'000'000'000;

Json epoch_millis(const std::optional<WallTime>& time) {
    if (!time) {
        return nullptr;
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(time->time_since_epoch()).count();
}

Json epoch_micros(const std::optional<WallTime>& time) {
    if (!time) {
        return nullptr;
    }
    return std::chrono::duration_cast<std::chrono::microseconds>(time->time_since_epoch()).count();
}

std::string_view to_string(AdaptivePhase phase) {
    return phase == AdaptivePhase::cubic ? "cubic" : "slow_start";
}

Json to_json(const AdaptiveRateState& state) {
    return Json{{"phase", to_string(state.phase)},
                {"rate", state.rate},
                {"tokens", state.tokens},
                {"refilled_at_us", epoch_micros(state.refilled_at)},
                {"last_max_rate", state.last_max_rate},
                {"last_throttle_at_us", epoch_micros(state.last_throttle_at)},
                {"measured_rate", state.measured_rate},
                {"measuring_since_us", epoch_micros(state.measuring_since)},
                {"measured_answers", state.measured_answers}};
}

Json to_json(const OriginState& state) {
    Json tokens = nullptr;
    if (state.budget.milli_tokens) {
        tokens = static_cast<double>(*state.budget.milli_tokens) / 1000.0;
    }
    Json json{{"retry_budget", {{"tokens", tokens}}},
              {"circuit_breaker",
               {{"consecutive_failures", state.breaker.consecutive_failures},
                {"open_until_ms", epoch_millis(state.breaker.open_until)},
                {"probe_until_ms", epoch_millis(state.breaker.probe_until)}}},
              {"cooperation",
               {{"phase", to_string(state.cooperation.phase)},
                {"failed_probes", state.cooperation.failed_probes},
                {"next_probe_ms", epoch_millis(state.cooperation.next_probe)},
                {"prober", state.cooperation.prober},
                {"probe_until_ms", epoch_millis(state.cooperation.probe_until)},
                {"ramp_started_ms", epoch_millis(state.cooperation.ramp_started)},
                {"ramp_taken", state.cooperation.ramp_taken}}}};
    // Only once a response spent the quota, so the stored form of other origins is unchanged.
    if (state.quota_reset_at) {
        json["quota_reset_at_ms"] = epoch_millis(state.quota_reset_at);
    }
    if (state.adaptive_rate) {
        json["adaptive_rate"] = to_json(*state.adaptive_rate);
    }
    return json;
}

// Each reader returns false when the value is there but is not what the stored form holds.
bool read_time(const Json& object, const char* key, std::optional<WallTime>& time) {
    const auto found = object.find(key);
    if (found == object.end() || found->is_null()) {
        return true;
    }
    if (!found->is_number_integer() || found->get<std::int64_t>() < 0 ||
        found->get<std::int64_t>() > kLatestMillis) {
        return false;
    }
    time = WallTime(std::chrono::milliseconds(found->get<std::int64_t>()));
    return true;
}

bool read_micros(const Json& object, const char* key, std::optional<WallTime>& time) {
    const auto found = object.find(key);
    if (found == object.end() || found->is_null()) {
        return true;
    }
    if (!found->is_number_integer() || found->get<std::int64_t>() < 0 ||
        found->get<std::int64_t>() > kLatestMillis * 1000) {
        return false;
    }
    time = WallTime(std::chrono::microseconds(found->get<std::int64_t>()));
    return true;
}

// A rate or a count of tokens: a finite number from `least` to `most`.
bool read_amount(const Json& object, const char* key, double least, double most, double& amount) {
    const auto found = object.find(key);
    if (found == object.end()) {
        return true;
    }
    if (!found->is_number() || !std::isfinite(found->get<double>()) ||
        found->get<double>() < least || found->get<double>() > most) {
        return false;
    }
    amount = found->get<double>();
    return true;
}

bool read_tokens(const Json& budget, RetryBudgetState& state) {
    const auto found = budget.find("tokens");
    if (found == budget.end() || found->is_null()) {
        return true;
    }
    if (!found->is_number()) {
        return false;
    }
    const double tokens = found->get<double>();
    if (!std::isfinite(tokens) || tokens < 0 || tokens > 1e9) {
        return false;
    }
    state.milli_tokens = std::llround(tokens * 1000.0);
    return true;
}

bool read_breaker(const Json& breaker, CircuitBreakerState& state) {
    if (const auto found = breaker.find("consecutive_failures"); found != breaker.end()) {
        if (!found->is_number_integer() || found->get<std::int64_t>() < 0 ||
            found->get<std::int64_t>() > std::numeric_limits<int>::max()) {
            return false;
        }
        state.consecutive_failures = found->get<int>();
    }
    return read_time(breaker, "open_until_ms", state.open_until) &&
           read_time(breaker, "probe_until_ms", state.probe_until);
}

bool read_count(const Json& object, const char* key, std::int64_t most, std::int64_t& count) {
    const auto found = object.find(key);
    if (found == object.end()) {
        return true;
    }
    if (!found->is_number_integer() || found->get<std::int64_t>() < 0 ||
        found->get<std::int64_t>() > most) {
        return false;
    }
    count = found->get<std::int64_t>();
    return true;
}

// A state stored before runs cooperated has no "cooperation" member: the origin is healthy.
bool read_cooperation(const Json& cooperation, CooperationState& state) {
    if (const auto found = cooperation.find("phase"); found != cooperation.end()) {
        if (!found->is_string()) {
            return false;
        }
        const std::string phase = found->get<std::string>();
        if (phase == "failing") {
            state.phase = CooperationPhase::failing;
        } else if (phase == "ramp") {
            state.phase = CooperationPhase::ramp;
        } else if (phase != "healthy") {
            return false;
        }
    }
    if (const auto found = cooperation.find("prober"); found != cooperation.end()) {
        if (!found->is_string() || found->get<std::string>().size() > 256) {
            return false;
        }
        state.prober = found->get<std::string>();
    }
    std::int64_t failed_probes = 0;
    const bool counts = read_count(cooperation, "failed_probes", 1'000'000, failed_probes) &&
                        read_count(cooperation, "ramp_taken",
                                   std::numeric_limits<std::int64_t>::max() / 2, state.ramp_taken);
    state.failed_probes = static_cast<int>(failed_probes);
    return counts && read_time(cooperation, "next_probe_ms", state.next_probe) &&
           read_time(cooperation, "probe_until_ms", state.probe_until) &&
           read_time(cooperation, "ramp_started_ms", state.ramp_started) &&
           (state.phase != CooperationPhase::ramp || state.ramp_started);
}

bool read_adaptive_rate(const Json& json, std::optional<AdaptiveRateState>& adaptive) {
    const auto found = json.find("adaptive_rate");
    if (found == json.end() || found->is_null()) {
        return true;
    }
    if (!found->is_object()) {
        return false;
    }
    AdaptiveRateState state;
    if (const auto phase = found->find("phase"); phase != found->end()) {
        if (*phase == "cubic") {
            state.phase = AdaptivePhase::cubic;
        } else if (*phase != "slow_start") {
            return false;
        }
    }
    // Bounds far past any rate the pace sets, so that what another run wrote cannot overflow.
    constexpr double kMostRate = 1e9;
    std::int64_t answers = 0;
    // Tokens go below zero while they are owed to requests that wait.
    if (!read_amount(*found, "rate", 0, kMostRate, state.rate) ||
        !read_amount(*found, "tokens", -kMostRate, kMostRate, state.tokens) ||
        !read_amount(*found, "last_max_rate", 0, kMostRate, state.last_max_rate) ||
        !read_amount(*found, "measured_rate", 0, kMostRate, state.measured_rate) ||
        !read_count(*found, "measured_answers", 1'000'000'000'000, answers) ||
        !read_micros(*found, "refilled_at_us", state.refilled_at) ||
        !read_micros(*found, "last_throttle_at_us", state.last_throttle_at) ||
        !read_micros(*found, "measuring_since_us", state.measuring_since)) {
        return false;
    }
    state.measured_answers = answers;
    adaptive = state;
    return true;
}

std::string_view phase_name(CircuitPhase phase) {
    switch (phase) {
        case CircuitPhase::closed:
            return "closed";
        case CircuitPhase::open:
            return "open";
        case CircuitPhase::half_open:
            return "half_open";
    }
    return "closed";
}

}  // namespace

std::string serialize_origin_state(const std::string& origin, const OriginState& state) {
    Json stored{{"origin", origin}};
    stored.update(to_json(state));
    return stored.dump() + "\n";
}

std::optional<StoredOriginState> parse_origin_state(std::string_view text) {
    const Json json = Json::parse(text, nullptr, false);
    if (!json.is_object() || !json.contains("origin") || !json["origin"].is_string()) {
        return std::nullopt;
    }
    StoredOriginState stored{json["origin"].get<std::string>(), {}};
    const Json budget = json.value("retry_budget", Json::object());
    const Json breaker = json.value("circuit_breaker", Json::object());
    const Json cooperation = json.value("cooperation", Json::object());
    if (!budget.is_object() || !breaker.is_object() || !cooperation.is_object() ||
        !read_tokens(budget, stored.state.budget) || !read_breaker(breaker, stored.state.breaker) ||
        !read_cooperation(cooperation, stored.state.cooperation) ||
        !read_time(json, "quota_reset_at_ms", stored.state.quota_reset_at) ||
        !read_adaptive_rate(json, stored.state.adaptive_rate)) {
        return std::nullopt;
    }
    return stored;
}

Json describe_origin_state(const OriginState& state, WallTime now) {
    Json described = to_json(state);
    described["circuit_breaker"]["state"] = phase_name(circuit_phase(state.breaker, now));
    return described;
}

}  // namespace rfetch
