#include "run_policy.h"

#include "http/http_date.h"

namespace rfetch {

RunPolicy::RunPolicy(const Config& config, const LogChannel& messages)
    : retry_policy_(config.policy), random_(config.seed), id_random_(fresh_seed()) {
    if (config.trace) {
        trace_.emplace(*config.trace, id_random_);
    }
    if (config.shared.any()) {
        store_.emplace(config.state_dir, messages);
    }
}

RetryDecider RunPolicy::make_decider() {
    return {retry_policy_, random_, parse_http_date};
}

std::unique_ptr<OriginGuard> RunPolicy::guard_for(const Config& config, const Target& target) {
    if (!store_) {
        return nullptr;
    }
    return std::make_unique<OriginGuard>(*store_, target.origin, config.shared);
}

}  // namespace rfetch
