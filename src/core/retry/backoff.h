#pragma once

#include "core/base/duration.h"
#include "core/base/random.h"

namespace rfetch {

enum class JitterMode { full, equal, decorrelated, none };

struct BackoffPolicy {
    Duration base{1000};
    Duration cap{30'000};
    double multiplier = 2.0;
    JitterMode jitter = JitterMode::full;
};

/// min(cap, base * multiplier^(retry-1)): the exponential envelope before jitter.
Duration backoff_ceiling(const BackoffPolicy& policy, int retry);

/// The waits between attempts. Decorrelated jitter depends on the previous wait, so the
/// sequence lives in one object per run.
class Backoff {
  public:
    explicit Backoff(const BackoffPolicy& policy) : policy_(policy), previous_(policy.base) {}

    /// The wait before retry `retry` (1 for the first retry).
    Duration next_wait(int retry, Random& random);

  private:
    BackoffPolicy policy_;
    Duration previous_;
};

}  // namespace rfetch
