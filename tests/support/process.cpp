#include "process.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace rfetch::test {
namespace {

using Clock = std::chrono::steady_clock;

struct Pipe {
    int read = -1;
    int write = -1;
    Pipe() {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) {
            throw std::runtime_error("pipe2 failed");
        }
        read = fds[0];
        write = fds[1];
    }
};

void close_fd(int& fd) {
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

// The child's peak resident set so far (VmHWM), or 0 once it has exited. Read from /proc
// rather than from wait4: a child spawned with vfork inherits the parent's high-water mark,
// and a test that holds a large body would be measuring itself.
long peak_rss_kib(pid_t child) {
    std::ifstream status("/proc/" + std::to_string(child) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) {
            return std::stol(line.substr(6));
        }
    }
    return 0;
}

// Pumps stdin in and both outputs out in one poll loop: a child that fills one pipe while
// the parent blocks on another would otherwise deadlock.
void pump(pid_t child, Pipe& in, Pipe& out, Pipe& err, const ProcessOptions& options,
          ProcessResult& result, Clock::time_point started) {
    std::size_t written = 0;
    if (options.stdin_bytes.empty()) {
        close_fd(in.write);
    } else {
        // A blocking write of more than a pipe holds would stall the loop until the child
        // reads, and the child may be stalled on a full stdout pipe that only this loop drains.
        ::fcntl(in.write, F_SETFL, ::fcntl(in.write, F_GETFL) | O_NONBLOCK);
    }
    const Clock::time_point kill_at = started + options.kill_after;
    bool signal_pending = options.signal != 0;
    Clock::time_point next_rss_sample = Clock::now();
    while (out.read >= 0 || err.read >= 0) {
        pollfd fds[3] = {{out.read, POLLIN, 0}, {err.read, POLLIN, 0}, {in.write, POLLOUT, 0}};
        if (signal_pending && options.signal_when(result.err)) {
            ::kill(child, options.signal);
            signal_pending = false;
            result.signalled_at =
                std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
        }
        // While a signal is pending, its condition is checked every 10 ms.
        const Clock::time_point wake =
            signal_pending ? std::min(Clock::now() + std::chrono::milliseconds(10), kill_at)
                           : kill_at;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::max(wake - Clock::now(), Clock::duration{0}));
        if (Clock::now() >= kill_at && !result.timed_out) {
            result.timed_out = true;
            ::kill(child, SIGKILL);
        }
        const int ready =
            ::poll(fds, 3, result.timed_out ? 1000 : static_cast<int>(left.count()) + 1);
        if (ready < 0 && errno != EINTR) {
            throw std::runtime_error("poll failed");
        }
        if (Clock::now() >= next_rss_sample) {
            result.peak_rss_kib = std::max(result.peak_rss_kib, peak_rss_kib(child));
            next_rss_sample = Clock::now() + std::chrono::milliseconds(10);
        }
        char chunk[65536];
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
                const ssize_t n = ::read(fds[i].fd, chunk, sizeof chunk);
                if (n > 0) {
                    (i == 0 ? result.out : result.err).append(chunk, static_cast<std::size_t>(n));
                } else if (n == 0 || errno != EINTR) {
                    close_fd(i == 0 ? out.read : err.read);
                }
            }
        }
        if (in.write >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
            const ssize_t n = ::write(in.write, options.stdin_bytes.data() + written,
                                      options.stdin_bytes.size() - written);
            if (n > 0) {
                written += static_cast<std::size_t>(n);
            }
            if ((n < 0 && errno != EINTR && errno != EAGAIN) ||
                written == options.stdin_bytes.size()) {
                close_fd(in.write);
            }
        }
    }
    close_fd(in.write);
}

}  // namespace

ProcessOptions feeding(std::string bytes) {
    ProcessOptions options;
    options.stdin_bytes = std::move(bytes);
    return options;
}

ProcessOptions signalling_when(int signal, std::function<bool(const std::string& err)> ready) {
    ProcessOptions options;
    options.signal = signal;
    options.signal_when = std::move(ready);
    return options;
}

ProcessOptions killing_after(std::chrono::milliseconds after) {
    ProcessOptions options;
    options.kill_after = after;
    return options;
}

namespace {

std::vector<std::string> isolated_environment(const std::vector<std::string>& extra) {
    std::vector<std::string> environment;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        const std::string name(text.substr(0, text.find('=')));
        std::string lower = name;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        // A variable the test sets replaces the inherited one: getenv finds the first.
        const bool set_by_test = std::any_of(extra.begin(), extra.end(), [&name](const auto& x) {
            return x.size() > name.size() && x.compare(0, name.size(), name) == 0 &&
                   x[name.size()] == '=';
        });
        if (name.rfind("RFETCH_", 0) == 0 || name == "XDG_CONFIG_HOME" ||
            name == "XDG_STATE_HOME" || lower.find("proxy") != std::string::npos || set_by_test) {
            continue;
        }
        environment.emplace_back(text);
    }
    // A config file in the developer's home must not apply either, nor the state that the
    // developer's own runs keep: a test that keeps state sets RFETCH_STATE_DIR.
    environment.emplace_back("XDG_CONFIG_HOME=/nonexistent/rfetch-e2e");
    environment.emplace_back("XDG_STATE_HOME=/nonexistent/rfetch-e2e");
    environment.insert(environment.end(), extra.begin(), extra.end());
    return environment;
}

}  // namespace

ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const ProcessOptions& options) {
    // A child that exits before reading stdin must not kill the test runner with SIGPIPE.
    ::signal(SIGPIPE, SIG_IGN);
    Pipe in;
    Pipe out;
    Pipe err;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in.read, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out.write, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err.write, STDERR_FILENO);

    std::vector<std::string> storage{program};
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    argv.reserve(storage.size() + 1);
    for (std::string& arg : storage) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);

    std::vector<std::string> environment = isolated_environment(options.environment);
    std::vector<char*> envp;
    for (std::string& entry : environment) {
        envp.push_back(entry.data());
    }
    envp.push_back(nullptr);

    ProcessResult result;
    const Clock::time_point started = Clock::now();
    pid_t child = -1;
    const int spawned =
        posix_spawn(&child, program.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close_fd(in.read);
    close_fd(out.write);
    close_fd(err.write);
    if (spawned != 0) {
        throw std::runtime_error("cannot start " + program);
    }

    pump(child, in, out, err, options, result, started);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    result.wall = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.died_of_signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    return result;
}

std::string rfetch_binary() {
    // The override lets the same suite judge an installed binary, or a deliberately broken
    // one when checking that the tests can fail.
    const char* override_path = std::getenv("RFETCH_E2E_BINARY");
    return override_path != nullptr && *override_path != '\0' ? override_path : RFETCH_BINARY;
}

ProcessResult run_rfetch(const std::vector<std::string>& args, const ProcessOptions& options) {
    return run_process(rfetch_binary(), args, options);
}

}  // namespace rfetch::test
