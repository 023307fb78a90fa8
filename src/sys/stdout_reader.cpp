#include "sys/stdout_reader.h"

#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>

namespace rfetch {
namespace {

std::atomic<bool> g_watched{false};
std::atomic<bool> g_gone{false};

}  // namespace

void watch_stdout_reader(bool body_goes_there) {
    struct stat info {};
    g_watched.store(body_goes_there && fstat(STDOUT_FILENO, &info) == 0 &&
                    (S_ISFIFO(info.st_mode) || S_ISSOCK(info.st_mode)));
}

bool stdout_reader_gone() {
    if (g_gone.load()) {
        return true;
    }
    // A file or a terminal never polls as a hang-up or an error.
    pollfd out{STDOUT_FILENO, 0, 0};
    const bool gone = poll(&out, 1, 0) > 0 && (out.revents & (POLLERR | POLLHUP)) != 0;
    if (gone) {
        g_gone.store(true);
    }
    return gone;
}

int stdout_watch_fd() {
    return g_watched.load() && !stdout_reader_gone() ? STDOUT_FILENO : -1;
}

}  // namespace rfetch
