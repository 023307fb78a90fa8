#include "app/run_policy.h"

namespace rfetch {

RunPolicy::RunPolicy(const Config& config, const LogChannel& messages)
    : id_random_(entropy_seeded_random()) {
    if (config.trace) {
        trace_.emplace(*config.trace, id_random_);
        attempt_headers_.add(*trace_);
    }
    if (config.attempt_header) {
        attempt_number_.emplace(*config.attempt_header, config.policy.retries);
        attempt_headers_.add(*attempt_number_);
    }
    if (config.shared.any()) {
        store_.emplace(config.state_dir, messages);
    }
}

std::unique_ptr<OriginGuard> RunPolicy::guard_for(const Config& config, const Target& target) {
    if (!store_) {
        return nullptr;
    }
    return std::make_unique<OriginGuard>(*store_, target.origin, config.shared);
}

}  // namespace rfetch
