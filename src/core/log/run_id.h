#pragma once

#include <string>

namespace rfetch {

/// An id for one invocation of rfetch, in every line of its JSON log: 16 lower-case hex digits
/// from a fresh random source, never from --seed, so runs that share a seed stay apart.
std::string fresh_run_id();

}  // namespace rfetch
