#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/base/clock.h"
#include "core/base/random.h"

namespace rfetch {

/// How cooperating runs act as one client towards an origin in trouble (docs/cooperation.md).
/// While the origin fails, one run at a time goes through as the probe, holding a lease, paced
/// by a backoff shared in the store; the others wait. When a probe succeeds, the waiting runs
/// go as a ramp: `ramp_first` in the first `ramp_window`, then twice as many in each window
/// after (slow start) up to `ramp_most` a window, until `ramp_length` has passed and the origin
/// counts as healthy again.
struct CooperationPolicy {
    /// How often a waiting run looks at the store again.
    Duration poll{50};
    /// The shared backoff between probes: base × 2^(failed probes − 1), at most cap, of which a
    /// random half to the whole is waited, so that hosts out of step do not probe in step.
    Duration probe_base{200};
    Duration probe_cap{600};
    /// A probe's lease when its attempt has no time limit of its own.
    Duration lease{10'000};
    int ramp_first = 10;
    /// The ceiling of the slow start. Without one, a doubling ramp puts about half of the
    /// waiting runs into its last window, however many there are: 30 of 50 in some 100 ms.
    /// 16 keeps any 100 ms of a ramp of 50 runs under 25 requests with room for scheduling.
    int ramp_most = 16;
    Duration ramp_window{100};
    Duration ramp_length{1'000};
};

enum class CooperationPhase { healthy, failing, ramp };

/// One origin's cooperative state, shared by every run. Times are the store's clock.
struct CooperationState {
    CooperationPhase phase = CooperationPhase::healthy;
    /// Failed probes in a row while failing.
    int failed_probes = 0;
    /// While failing: no probe starts before this time.
    std::optional<WallTime> next_probe;
    /// The probe in flight: which run, and until when its lease holds.
    std::string prober;
    std::optional<WallTime> probe_until;
    /// While ramping: when the ramp began (it names the ramp), and how many runs took a place.
    std::optional<WallTime> ramp_started;
    std::int64_t ramp_taken = 0;
};

/// What one run remembers between its visits to the store: its place in a ramp.
struct RampPlace {
    WallTime ramp_started;
    WallTime go_at;
};

/// Why an attempt waited before it was sent: for other runs of a cooperating origin (the first
/// three), or for the origin's limits that pace every run (the next three); or why it waited
/// between its requests, for a redirect's Retry-After.
enum class WaitReason {
    probe_in_flight,
    backoff,
    ramp,
    quota,     // a spent rate-limit quota, until its reset
    pace,      // the fixed pace of requests
    token,     // the adaptive pace's token bucket
    redirect,  // a redirect's Retry-After, before it was followed
};

/// Whether a run may send its next attempt now, and if not, how long to wait before asking
/// again, and why.
struct Passage {
    bool go = true;
    /// Going as the probe, holding the lease.
    bool probe = false;
    Duration wait{0};
    WaitReason why = WaitReason::backoff;
    /// The run holding the lease, when one does.
    std::string prober;
};

/// Before each attempt of run `me`: lets it go (taking the lease when the origin is failing,
/// or its place in the ramp), or tells it to wait.
Passage pass(CooperationState& state, std::optional<RampPlace>& place,
             const CooperationPolicy& policy, const std::string& me, Duration lease, WallTime now);

/// What an attempt told of the origin: it failed in a way that tells of trouble (a failure or
/// status in the retry set), it answered, or nothing (a signal or a reader gone cut it).
enum class OriginSign { failed, answered, unknown };

/// After each attempt of run `me`, which gives up the lease if it held it. A failure while
/// healthy or ramping starts the failing phase (and stops the ramp); a failed probe backs off
/// further; an answer while failing starts the ramp. `random` jitters the shared backoff.
void report(CooperationState& state, const CooperationPolicy& policy, const std::string& me,
            OriginSign sign, Random& random, WallTime now);

/// How long after the ramp starts place `taken` (from 0) may go: the ramp admits
/// first × (2^(t/window) − 1) runs by time t, so each window lets through twice the one
/// before, spread evenly rather than in a burst at its start, until its pace reaches `most`
/// a window; from then on it keeps that pace.
Duration ramp_offset(std::int64_t taken, const CooperationPolicy& policy);

std::string_view to_string(CooperationPhase phase);
std::string_view to_string(WaitReason reason);

}  // namespace rfetch
