#include "sys/signals.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <stdexcept>

namespace rfetch {
namespace {

std::atomic<int> g_signal{0};
int g_pipe[2] = {-1, -1};

extern "C" void on_signal(int signal) {
    g_signal.store(signal);
    const char byte = 1;
    // Async-signal-safe; a full pipe already wakes every reader, so a failed write is fine.
    [[maybe_unused]] const auto written = write(g_pipe[1], &byte, 1);
}

}  // namespace

void install_signal_handlers() {
    if (pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        throw std::runtime_error("cannot create the signal pipe");
    }
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
}

int received_signal() {
    return g_signal.load();
}

int signal_wakeup_fd() {
    return g_pipe[0];
}

}  // namespace rfetch
