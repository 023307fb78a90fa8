#pragma once

#include <string>

#include "core/base/setting.h"

namespace rfetch {

/// A reason from the core, with the flag that would have changed it named in the words of
/// the command line: the core names settings, and only the CLI knows how they are spelt.
std::string with_flag_hint(std::string reason, Setting setting);

}  // namespace rfetch
