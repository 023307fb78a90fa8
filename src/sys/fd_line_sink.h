#pragma once

#include "core/log/log_channel.h"

namespace rfetch {

/// Log lines onto a file descriptor (stderr), each line and its newline in one write(2).
/// With O_APPEND (`2>>file`), the kernel then appends each line whole, so the logs of many
/// rfetch processes sharing one file never merge lines.
class FdLineSink final : public LineSink {
  public:
    explicit FdLineSink(int fd) : fd_(fd) {}
    void write_line(std::string_view line) override;

  private:
    int fd_;
};

}  // namespace rfetch
