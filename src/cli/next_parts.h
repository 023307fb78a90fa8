#pragma once

#include <CLI/App.hpp>
#include <string>
#include <vector>

namespace rfetch {

/// Whether `option` is one of curl's global options, which hold for every --next part
/// wherever they are given: -s, -S, -v, --stderr, --libcurl, -#, --progress-meter,
/// --no-progress-meter, --fail-early, -Z, --parallel-max and --rate.
bool is_global_option(const CLI::Option& option);

/// curl's --next (-:): the arguments between two of them are a command line of their own,
/// which shares no option with the others but curl's global ones. Those are added, in the
/// order given, at the end of every part (an option left without its value stays last), so
/// that the last one given anywhere holds everywhere, as curl's one global setting does. An
/// option's value is never a divider.
std::vector<std::vector<std::string>> next_parts(const CLI::App& app,
                                                 const std::vector<std::string>& args);

}  // namespace rfetch
