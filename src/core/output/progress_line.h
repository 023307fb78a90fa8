#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/duration.h"

namespace rfetch {

/// Below this a download is over before a bar would help.
inline constexpr std::uint64_t kProgressThreshold = std::uint64_t{1024} * 1024;

/// One line for a download in progress: bytes, and with a known size a bar, the share and an
/// ETA; the rate once any time has passed. `total` is 0 when the size is unknown.
std::string download_line(std::uint64_t received, std::uint64_t total,
                          std::chrono::milliseconds elapsed);

/// One line for a wait before a retry: why, and how long is left.
std::string countdown_line(std::string_view why, Duration left);

/// "512 B", "1.5 KiB", "23.4 MiB", "1.2 GiB".
std::string format_bytes(std::uint64_t bytes);

}  // namespace rfetch
