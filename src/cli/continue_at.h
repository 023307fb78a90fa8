#pragma once

#include <string>

#include "cli/config.h"

namespace rfetch {

/// curl's -C OFFSET and -C -, for each target. A download asks for the body from OFFSET on
/// (with -, from the size of its -o file, or 0) and appends it to that file. An upload (-T)
/// sends its bytes from OFFSET on with a Content-Range, or with -, all of them with one, as
/// curl does.
void apply_continue_at(const std::string& text, Config& config);

}  // namespace rfetch
