#pragma once

// Whole reads and writes on a connected socket for the test servers: a short count or an
// interrupted call goes round again, and a peer that went away is a false return.

#include <cstddef>
#include <string>

namespace rfetch::test {

/// Reads exactly `size` bytes; false when the peer closed or the read failed first.
bool receive_exactly(int fd, void* buffer, std::size_t size);

/// Sends every byte, without a SIGPIPE; false when the peer went away first.
bool send_all(int fd, const void* buffer, std::size_t size);

inline bool send_all(int fd, const std::string& bytes) {
    return send_all(fd, bytes.data(), bytes.size());
}

}  // namespace rfetch::test
