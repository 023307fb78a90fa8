#include "sys/signals.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <stdexcept>

namespace rfetch {
namespace {

std::atomic<int> g_signal{0};
int g_pipe[2] = {-1, -1};
// SIGPIPE as rfetch found it, to hand on to a command it execs.
struct sigaction g_inherited_sigpipe {};
bool g_sigpipe_saved = false;

static_assert(std::atomic<int>::is_always_lock_free, "the flag must be safe in a handler");

extern "C" void on_signal(int signal) {
    // The interrupted code may be about to read errno; a failed write here must not change it.
    const int saved_errno = errno;
    g_signal.store(signal);
    const char byte = 1;
    // Async-signal-safe; a full pipe already wakes every reader, so a failed write is fine.
    [[maybe_unused]] const auto written = write(g_pipe[1], &byte, 1);
    errno = saved_errno;
}

}  // namespace

void install_signal_handlers() {
    if (pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        throw std::runtime_error("cannot create the signal pipe");
    }
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    // The first signal asks rfetch to stop cleanly; the handler is then gone, so a second one
    // ends a process stuck where the first could not reach, as a second Ctrl-C should.
    action.sa_flags = SA_RESETHAND;
    // SIGHUP too: a closed terminal must not leave a temporary file behind. A signal ignored
    // at start stays ignored, as POSIX asks of every utility: nohup ignores SIGHUP, and a
    // shell ignores SIGINT in its background jobs, so that a Ctrl-C meant for the foreground
    // leaves them running.
    for (const int signal : {SIGHUP, SIGINT, SIGTERM}) {
        struct sigaction inherited {};
        if (sigaction(signal, nullptr, &inherited) == 0 && inherited.sa_handler == SIG_IGN) {
            continue;
        }
        sigaction(signal, &action, nullptr);
    }
    g_sigpipe_saved = sigaction(SIGPIPE, nullptr, &g_inherited_sigpipe) == 0;
    std::signal(SIGPIPE, SIG_IGN);
}

void restore_signals_for_exec() {
    if (g_sigpipe_saved) {
        sigaction(SIGPIPE, &g_inherited_sigpipe, nullptr);
    }
}

void die_of_received_signal() {
    const int signal = received_signal();
    if (signal == 0) {
        return;
    }
    std::signal(signal, SIG_DFL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, signal);
    sigprocmask(SIG_UNBLOCK, &only, nullptr);
    std::raise(signal);
    // Only a signal whose default is not to end the process gets here; none of ours.
    _exit(128 + signal);
}

int received_signal() {
    return g_signal.load();
}

int signal_wakeup_fd() {
    return g_pipe[0];
}

}  // namespace rfetch
