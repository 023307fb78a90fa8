#pragma once

#include <string>
#include <vector>

namespace rfetch {

/// Why a command could not take rfetch's place, and the exit status a shell would give for it:
/// 127 when it was not found, 126 when it was found and could not run.
struct ExecFailure {
    int exit_code = 0;
    std::string message;
};

/// Replaces rfetch with `command` (looked up in PATH as a shell would), so that its exit
/// status is rfetch's and the signals sent to rfetch reach it. What rfetch changed of the
/// process is undone first: SIGPIPE goes back to how rfetch found it. Returns only when the
/// command could not be started.
ExecFailure exec_command(const std::vector<std::string>& command);

}  // namespace rfetch
