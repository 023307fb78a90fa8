#pragma once

#include <cstdint>
#include <random>

#include "core/base/duration.h"

namespace rfetch {

/// The source of every random choice rfetch makes, so tests can script it.
class Random {
  public:
    virtual ~Random() = default;
    /// A number uniformly distributed in [0, 1).
    virtual double uniform01() = 0;
};

/// A duration uniformly distributed in [low, high].
Duration uniform_between(Random& random, Duration low, Duration high);

/// Pseudo-random numbers from a seed, so that `--seed` reproduces a run's waits.
class SeededRandom final : public Random {
  public:
    explicit SeededRandom(std::uint64_t seed) : engine_(seed) {}
    explicit SeededRandom(std::seed_seq& seeds) : engine_(seeds) {}
    double uniform01() override;

  private:
    std::mt19937_64 engine_;
};

/// Seeds stay below 2^53 so that the seed in the JSON log survives any JSON reader, jq
/// included, as an exact number.
inline constexpr std::uint64_t kMaxSeed = (std::uint64_t{1} << 53) - 1;

/// The seed of stream `index` of a run seeded with `seed`: stream 0 is the seed itself, and
/// the others are spread by SplitMix64 so that neighbouring streams do not correlate.
std::uint64_t seed_for_stream(std::uint64_t seed, std::size_t index);

/// Numbers seeded with 256 bits from the system's entropy, for ids that must not collide across
/// the world's runs, such as trace ids: a 53-bit seed would give only 2^53 distinct ones.
SeededRandom entropy_seeded_random();

/// A seed that differs from run to run, at most kMaxSeed.
std::uint64_t fresh_seed();

}  // namespace rfetch
