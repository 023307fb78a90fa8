#include "core/base/random.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>

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

std::uint64_t seed_for_stream(std::uint64_t seed, std::size_t index) {
    if (index == 0) {
        return seed;
    }
    // SplitMix64's finaliser (Steele, Lea and Flood, 2014) over the seed stepped by the index.
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(index);
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
}

SeededRandom entropy_seeded_random() {
    std::random_device device;
    std::array<std::uint32_t, 8> words{};
    std::ranges::generate(words, std::ref(device));
    std::seed_seq seeds(words.begin(), words.end());
    return SeededRandom(seeds);
}

std::uint64_t fresh_seed() {
    std::random_device device;
    return ((static_cast<std::uint64_t>(device()) << 32) ^ device()) & kMaxSeed;
}

}  // namespace rfetch
