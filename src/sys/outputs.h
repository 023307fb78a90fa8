#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/output.h"

namespace rfetch {

/// stdout: written as the bytes come, never taken back.
std::unique_ptr<Output> stdout_output();

/// The output for `-o PATH`. A regular file (or a new one) is written to a temporary file
/// beside it, synced and renamed into place on finish, so it appears whole or not at all. A
/// device or a FIFO is written directly, since renaming over it would replace it. Nothing is
/// opened or created before the first write; `create_dirs` creates missing directories then.
std::unique_ptr<Output> path_output(const std::string& path, bool create_dirs);

/// Writes `bytes` to `output` and finishes it.
WriteStatus write_whole(Output& output, std::string_view bytes);

}  // namespace rfetch
