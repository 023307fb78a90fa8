#include "sys/fd_line_sink.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "sys/signals.h"

namespace rfetch {
namespace {

constexpr int kGraceAfterSignalMillis = 1000;

}  // namespace

void FdLineSink::write_line(std::string_view line) {
    std::string whole;
    whole.reserve(line.size() + 1);
    whole.append(line);
    whole.push_back('\n');
    // One write() normally takes it all. A pipe or terminal may take part of a long line, or a
    // signal may interrupt it; the rest follows. A log cannot report its own failure, so any
    // other error drops the line.
    std::string_view rest = whole;
    while (!rest.empty()) {
        // After a signal rfetch must end promptly, and its last lines must not hold it: a
        // stderr whose reader stopped reading gets a while to take each, and loses it then.
        if (received_signal() != 0) {
            pollfd ready{fd_, POLLOUT, 0};
            if (::poll(&ready, 1, kGraceAfterSignalMillis) == 0) {
                return;
            }
        }
        const ssize_t written = ::write(fd_, rest.data(), rest.size());
        if (written >= 0) {
            rest.remove_prefix(static_cast<std::size_t>(written));
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            // A non-blocking stderr that is full: wait until it can take more.
            pollfd ready{fd_, POLLOUT, 0};
            (void)::poll(&ready, 1, -1);
        } else if (errno != EINTR) {
            return;
        }
    }
}

}  // namespace rfetch
