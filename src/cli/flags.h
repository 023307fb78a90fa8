#pragma once

#include <CLI/App.hpp>

#include "cli/raw_options.h"

namespace rfetch {

/// Declares every flag, its help line and its default, bound to `raw`. The one list that
/// --help, the man page and the completions are checked against.
void add_flags(CLI::App& app, RawOptions& raw);

}  // namespace rfetch
