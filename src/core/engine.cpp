#include "core/engine.h"

#include "core/retry_run.h"

namespace rfetch {

RunResult Engine::run(const Request& request, Delivery& delivery, AttemptObserver& observer) {
    std::optional<TimePoint> deadline;
    if (limits_.deadline) {
        deadline = clock_.now() + *limits_.deadline;
    }
    RetryRun run(request, delivery, observer, clock_, decider_, limits_, deadline, attempt_headers_,
                 guard_);
    for (RunStep step = run.start(); step.kind != RunStep::Kind::done;) {
        if (step.kind == RunStep::Kind::attempt) {
            step = run.attempt_done(
                transport_.perform(request, step.attempt_headers, step.limits, delivery));
        } else {
            step = run.wait_done(clock_.wait_for(step.delay));
        }
    }
    return std::move(run.result());
}

}  // namespace rfetch
