#include "core/run/engine.h"

#include "core/run/retry_run.h"

namespace rfetch {

RunResult Engine::run(const Request& request, Delivery& delivery, AttemptObserver& observer) {
    std::optional<TimePoint> deadline;
    if (limits_.deadline) {
        deadline = clock_.now() + *limits_.deadline;
    }
    RetryRun run(request, delivery, observer, clock_, decider_, limits_, deadline, attempt_headers_,
                 guard_, pacer_);
    return std::move(drive(run, transport_));
}

}  // namespace rfetch
