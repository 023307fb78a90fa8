#include "sys/system_clock.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <thread>

#include "sys/signals.h"
#include "sys/stdout_reader.h"

namespace rfetch {

bool SystemClock::wait_for(Duration d) {
    const TimePoint end = now() + d;
    while (received_signal() == 0) {
        const auto left = std::chrono::ceil<Duration>(end - now());
        if (left <= Duration{0}) {
            return true;
        }
        // Beside the signal pipe, stdout while its reader is watched: poll() ignores a
        // descriptor of -1, and reports a hang-up or an error whatever the events asked.
        pollfd wakeup[2] = {{signal_wakeup_fd(), POLLIN, 0}, {stdout_watch_fd(), 0, 0}};
        const int timeout = static_cast<int>(std::min<Duration::rep>(left.count(), INT_MAX));
        if (poll(wakeup, 2, timeout) < 0 && errno != EINTR) {
            std::this_thread::sleep_for(left);
        }
        if ((wakeup[1].revents & (POLLERR | POLLHUP)) != 0) {
            return false;
        }
    }
    return false;
}

}  // namespace rfetch
