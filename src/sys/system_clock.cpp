#include "sys/system_clock.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <thread>

#include "sys/signals.h"

namespace rfetch {

bool SystemClock::wait_for(Duration d) {
    const TimePoint end = now() + d;
    while (received_signal() == 0) {
        const auto left = std::chrono::ceil<Duration>(end - now());
        if (left <= Duration{0}) {
            return true;
        }
        pollfd wakeup{signal_wakeup_fd(), POLLIN, 0};
        const int timeout = static_cast<int>(std::min<Duration::rep>(left.count(), INT_MAX));
        if (poll(&wakeup, 1, timeout) < 0 && errno != EINTR) {
            std::this_thread::sleep_for(left);
        }
    }
    return false;
}

}  // namespace rfetch
