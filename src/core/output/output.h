#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace rfetch {

/// How a write went. A reader that went away is its own case: `rfetch URL | head` is how
/// people use a fetcher, and it is not an error worth a message.
struct WriteStatus {
    enum class Kind { ok, reader_gone, interrupted, failed } kind = Kind::ok;
    std::string error;
    /// On a failure, how many of the bytes went out before it.
    std::uint64_t partial = 0;

    bool ok() const { return kind == Kind::ok; }
    /// In words, for the result event's reason.
    std::string describe() const {
        return kind == Kind::reader_gone ? "the reader of the output went away" : error;
    }
};

/// Where the delivered body goes: stdout, a device, or a file that appears only when finished.
class Output {
  public:
    virtual ~Output() = default;
    virtual WriteStatus write(std::string_view bytes) = 0;
    /// True while what was written is seen by no one until finish(), so it can be taken back.
    virtual bool can_rewind() const = 0;
    /// Takes back everything written so far. Only when can_rewind().
    virtual WriteStatus rewind() = 0;
    /// Makes what was written the result: a file is synced and moved into place.
    virtual WriteStatus finish() = 0;
    /// Leaves nothing behind of an output that was never finished, where that is possible.
    virtual void abandon() = 0;
    /// True once the output's reader has gone for good, before any write says so: a pipe
    /// whose reading end is closed.
    virtual bool reader_gone() const { return false; }
    /// curl's -R: the file finish() puts in place is given this time, as its modification and
    /// access time. Stdout and devices have no time of their own to take, and ignore it.
    virtual void set_file_time(std::chrono::system_clock::time_point /*time*/) {}
};

}  // namespace rfetch
