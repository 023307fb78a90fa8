#pragma once

namespace rfetch {

/// A setting of the user's that would have changed how a run ended, so that a reason can
/// point to it. The core knows settings, not how the user spells them: the CLI layer words
/// each as its flags, and the core builds no prose that names one.
enum class Setting {
    none,
    max_retry_after,  // the longest Retry-After worth waiting for
    buffer,           // how much of a body is held in memory
    max_filesize,     // the largest body accepted
    unsafe_retry,     // what lets a request that is not idempotent be repeated
};

}  // namespace rfetch
