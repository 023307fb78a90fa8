#include "app/run_policy.h"

#include "app/run_state.h"
#include "core/base/origin.h"

namespace rfetch {

RunPolicy::RunPolicy(const Config& config, const LogChannel& messages, FixedPace* pace)
    : id_random_(entropy_seeded_random()), run_id_(messages.run_id), pace_(pace) {
    if (config.trace) {
        trace_.emplace(*config.trace, id_random_);
        attempt_headers_.add(*trace_);
    }
    if (config.attempt_header) {
        attempt_number_.emplace(*config.attempt_header, config.policy.retries);
        attempt_headers_.add(*attempt_number_);
    }
    if (config.shared.any() || config.adaptive_pace) {
        store_ =
            open_state_store(config.state_dir, config.state_url, config.state_timeout, messages);
    }
    // A spent quota holds the origin's next request within this invocation, and, when shared
    // state is kept, in the invocations after it.
    quota_holds_.emplace(store_.get(), config.policy.max_retry_after);
    if (config.adaptive_pace) {
        adaptive_pace_.emplace(store_.get());
    }
}

std::unique_ptr<AttemptPacer> RunPolicy::pacer_for(const Target& target) {
    auto origin = target.origin.empty() ? origin_of(target.url) : target.origin;
    auto pacer = origin ? quota_holds_->pacer_for(*origin) : nullptr;
    if (adaptive_pace_ && origin) {
        return with_adaptive_pace(std::move(pacer), *adaptive_pace_, std::move(*origin));
    }
    return pace_ != nullptr ? with_fixed_pace(std::move(pacer), *pace_) : std::move(pacer);
}

std::unique_ptr<OriginGuard> RunPolicy::guard_for(const Config& config, std::size_t index) {
    if (!store_ || !config.shared.any()) {
        return nullptr;  // no shared limit; the store may be kept for the adaptive pace alone
    }
    // The shared backoff is jittered from the entropy-seeded source: hosts that share a --seed
    // must still not probe in step.
    Cooperator cooperator{run_id_ + "/" + std::to_string(index), &id_random_};
    return std::make_unique<OriginGuard>(*store_, config.targets.at(index).origin, config.shared,
                                         std::move(cooperator));
}

}  // namespace rfetch
