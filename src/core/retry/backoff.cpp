#include "core/retry/backoff.h"

#include <algorithm>
#include <cmath>

namespace rfetch {

Duration backoff_ceiling(const BackoffPolicy& policy, int retry) {
    // pow overflows to infinity long before the cap stops mattering; the scale saturates, and
    // keeps a zero base at zero where 0 × inf would be a NaN.
    const Duration grown =
        saturating_scale(policy.base, std::pow(policy.multiplier, std::max(0, retry - 1)));
    return std::min(grown, policy.cap);
}

Duration Backoff::next_wait(int retry, Random& random) {
    const Duration ceiling = backoff_ceiling(policy_, retry);
    Duration wait{0};
    switch (policy_.jitter) {
        case JitterMode::none:
            wait = ceiling;
            break;
        case JitterMode::full:
            wait = uniform_between(random, Duration{0}, ceiling);
            break;
        case JitterMode::equal:
            wait = saturating_add(ceiling / 2,
                                  uniform_between(random, Duration{0}, ceiling - ceiling / 2));
            break;
        case JitterMode::decorrelated:
            // "Exponential Backoff And Jitter" (AWS Architecture Blog, 2015): the growth comes
            // from the previous wait, not from the retry number, so the multiplier is unused.
            wait =
                std::min(policy_.cap,
                         uniform_between(random, policy_.base,
                                         std::max(policy_.base, saturating_scale(previous_, 3))));
            break;
    }
    previous_ = wait;
    return wait;
}

}  // namespace rfetch
