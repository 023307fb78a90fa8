#pragma once

// Runs the real rfetch binary as a child process, the way a shell script would, and keeps
// everything a test needs to judge the run.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace rfetch::test {

struct ProcessResult {
    int exit_code = -1;      // the exit status, or 128 + signal when the child was killed
    int died_of_signal = 0;  // the signal that ended the child, as a shell's $? cannot tell
    bool timed_out = false;
    std::string out;  // stdout, byte for byte
    std::string err;  // stderr, byte for byte
    std::chrono::milliseconds wall{0};
    long peak_rss_kib = 0;  // the child's largest resident set, sampled while it runs
    std::chrono::milliseconds signalled_at{0};  // when the signal was sent, from the start
};

struct ProcessOptions {
    std::string stdin_bytes;
    /// Generous: only there so a hung binary fails its test instead of hanging the suite.
    std::chrono::milliseconds kill_after{20000};
    /// When non-zero, this signal is sent once, as soon as `signal_when` holds for the stderr
    /// read so far (or for anything else it looks at, such as the requests a server saw):
    /// a test that signals at a fixed time races the child's start.
    int signal = 0;
    std::function<bool(const std::string& err)> signal_when;
    /// NAME=value pairs added to the child's environment. The child never inherits RFETCH_*,
    /// proxy, config-file or state-directory settings from the test runner, so a developer's
    /// own setup cannot change what a test sees.
    std::vector<std::string> environment;
};

/// Options that feed `bytes` to the child's stdin.
ProcessOptions feeding(std::string bytes);
/// Options that send `signal` to the child as soon as `ready` holds for its stderr so far.
ProcessOptions signalling_when(int signal, std::function<bool(const std::string& err)> ready);
/// Options that kill the child with SIGKILL `after` it starts.
ProcessOptions killing_after(std::chrono::milliseconds after);

/// Runs `program` with `args` (argv[0] is added), feeding stdin and collecting both outputs.
ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const ProcessOptions& options = {});

/// The rfetch binary this build made, or $RFETCH_E2E_BINARY when set.
std::string rfetch_binary();

/// Backoff flags that keep retrying tests fast: waits of 10 ms growing to at most 50 ms.
inline const std::vector<std::string> kFastRetries{"--delay", "10ms", "--max-delay", "50ms"};

/// `args` followed by kFastRetries.
inline std::vector<std::string> with_fast_retries(std::vector<std::string> args) {
    args.insert(args.end(), kFastRetries.begin(), kFastRetries.end());
    return args;
}

/// run_process on rfetch_binary().
ProcessResult run_rfetch(const std::vector<std::string>& args, const ProcessOptions& options = {});

}  // namespace rfetch::test
