#pragma once

#include <CLI/App.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "cli/raw_options.h"

namespace rfetch {

/// Declares every flag, its help line and its default, bound to `raw`. The one list that
/// --help, the man page and the completions are checked against.
void add_flags(CLI::App& app, RawOptions& raw, const std::string& version_text);

/// A flag whose value may also come from the environment.
struct EnvironmentSetting {
    std::string_view flag;
    std::string_view variable;
};

/// The settings read from RFETCH_* variables.
const std::vector<EnvironmentSetting>& environment_settings();

}  // namespace rfetch
