#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace rfetch {

/// The --help group of the flags spelt as curl spells them.
inline constexpr const char* kCurlSpellings = "curl's spellings";

/// A curl flag that sets `target` to `value` where it stands: with its opposite, the last one
/// wins, as in curl.
template <typename T>
void add_setting(CLI::App& app, const std::string& flag, T& target, T value,
                 const std::string& help) {
    app.add_flag_function(
           flag, [&target, value](std::int64_t) { target = value; }, help)
        ->group(kCurlSpellings)
        ->trigger_on_parse();
}

}  // namespace rfetch
