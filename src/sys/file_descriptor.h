#pragma once

#include <unistd.h>

namespace rfetch {

/// Owns a file descriptor and closes it.
class FileDescriptor {
  public:
    FileDescriptor() = default;
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() { reset(); }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;

    int get() const { return fd_; }
    bool is_open() const { return fd_ >= 0; }
    /// Closes the descriptor and takes `fd`; false when close reports that written data was
    /// lost.
    bool reset(int fd = -1) {
        const bool closed = fd_ < 0 || close(fd_) == 0;
        fd_ = fd;
        return closed;
    }

  private:
    int fd_ = -1;
};

}  // namespace rfetch
