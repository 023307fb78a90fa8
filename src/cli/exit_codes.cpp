#include "cli/exit_codes.h"

#include <algorithm>
#include <csignal>

namespace rfetch {

int exit_code_for(const RunResult& result, ExitRules rules, int signal) {
    // Whatever a signal cut short, a write to a stalled reader or a wait for the state lock,
    // the caller asked rfetch to stop, and the status says so.
    if (signal != 0 && result.outcome != Outcome::success) {
        return kExitSignalBase + signal;
    }
    switch (result.outcome) {
        case Outcome::success:
            return kExitSuccess;
        case Outcome::interrupted:
            return kExitSignalBase + (signal != 0 ? signal : SIGINT);
        case Outcome::deadline:
            return kExitTimedOut;
        case Outcome::write_error:
            return kExitWriteError;
        case Outcome::incomplete:
            return kExitIncomplete;
        case Outcome::circuit_open:
            return kExitCircuitOpen;
        default:
            break;
    }
    if (result.final_failure) {
        // The transport's code names what libcurl refused, not why the run failed.
        if (result.final_failure->kind == FailureKind::internal) {
            return kExitInternal;
        }
        return result.final_failure->code;
    }
    // The run failed with a response: a status of 400 or more, or, when polling, one that never
    // met the condition, which may well be a 200 and which --no-fail does not make a success.
    // Nor does it make one of a redirect -L stopped at because its Retry-After wait was
    // refused: that is no answer, and its body was never read.
    if (result.final_response) {
        const int status = result.final_response->status;
        const bool refused_redirect = status >= 300 && status < 400;
        return rules.no_fail && !rules.polling && !refused_redirect ? kExitSuccess : kExitHttpError;
    }
    // A poll ended before its first answer was not ready either.
    return result.outcome == Outcome::abandoned ? kExitHttpError : kExitSuccess;
}

int combined_exit_code(const std::vector<int>& exit_codes, int signal) {
    if (signal != 0) {
        return kExitSignalBase + signal;
    }
    const auto failed = std::ranges::find_if(exit_codes, [](int code) { return code != 0; });
    return failed == exit_codes.end() ? kExitSuccess : *failed;
}

}  // namespace rfetch
