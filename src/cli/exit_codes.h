#pragma once

#include <vector>

#include "core/run/engine.h"

namespace rfetch {

/// rfetch's exit statuses. Where curl has a code for the same failure, rfetch uses it, so
/// scripts written for curl keep working; transport failures exit with libcurl's own code.
enum ExitCode : int {
    kExitSuccess = 0,
    kExitUsage = 2,
    kExitHttpError = 22,    // curl --fail's code for a final status >= 400
    kExitWriteError = 23,   // the body could not be written, or the reader went away
    kExitReadError = 26,    // curl's read error: a file to send (-d @, -F, -H @, -T) was unreadable
    kExitTimedOut = 28,     // the deadline passed, or the last attempt timed out
    kExitIncomplete = 33,   // curl's range error: part of the body is out and the rest is not
    kExitInternal = 70,     // sysexits EX_SOFTWARE: a bug or an exhausted machine, never the input
    kExitCircuitOpen = 75,  // sysexits EX_TEMPFAIL: the circuit breaker refused the run
    kExitSignalBase = 128,  // plus the signal: 130 for SIGINT, 143 for SIGTERM
};

/// What the flags say about exit statuses.
struct ExitRules {
    /// --no-fail: a final status of 400 or more exits 0.
    bool no_fail = false;
    /// A poll's condition that was never met fails whatever --no-fail says.
    bool polling = false;
};

/// The exit status for a finished run, before the body is written.
int exit_code_for(const RunResult& result, ExitRules rules, int signal);

/// The exit status for many URLs, given each one's in input order: a signal's when one stopped
/// rfetch, else the first failed URL's, else 0. Input order, not completion order, so that the
/// same failures give the same status however the transfers raced.
int combined_exit_code(const std::vector<int>& exit_codes, int signal);

}  // namespace rfetch
