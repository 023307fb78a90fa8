#pragma once

#include <string>
#include <string_view>

namespace rfetch {

struct WriteOutcome {
    enum class Status { written, reader_gone, failed } status = Status::written;
    std::string error;
};

/// Writes the final body to stdout, all of it or until the reader goes away.
WriteOutcome write_to_stdout(std::string_view body);

/// Writes the final body to `path`. A regular file (or a new one) is written beside itself,
/// synced and renamed into place, so it appears whole or not at all; a device or a FIFO is
/// written directly, since renaming over it would replace it.
WriteOutcome write_to_path(const std::string& path, std::string_view body);

}  // namespace rfetch
