#include "core/random.h"

#include <cmath>

namespace rfetch {

Duration uniform_between(Random& random, Duration low, Duration high) {
    if (high <= low) {
        return low;
    }
    const double span = static_cast<double>((high - low).count());
    // uniform01 < 1, so rounding down can never pass high.
    return low + Duration{static_cast<Duration::rep>(std::floor(random.uniform01() * (span + 1)))};
}

double SeededRandom::uniform01() {
    return std::generate_canonical<double, 53>(engine_);
}

std::uint64_t fresh_seed() {
    std::random_device device;
    return ((static_cast<std::uint64_t>(device()) << 32) ^ device()) & kMaxSeed;
}

}  // namespace rfetch
