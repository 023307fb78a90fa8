#pragma once

#include <CLI/App.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rfetch {

/// The FILE of the last --stderr among `args`, which holds for the whole run: curl's --stderr
/// is global.
std::optional<std::string> last_stderr_file(const CLI::App& app,
                                            const std::vector<std::string>& args);

/// Where curl's --stderr sends a usage error: curl reads its options in order and writes an
/// error about one of them to the file of the last --stderr before it, or to stderr when there
/// is none; an error found once every option is read (no URL, a check across options) goes to
/// the last --stderr's file. The argument an error is about is the one its message names: the
/// word it quotes ("unknown option '--bogus'"), or the option that starts it ("--retries: ...",
/// at the last place it is given, since the last value is the one read).
std::optional<std::string> stderr_file_for_usage_error(const CLI::App& app,
                                                       const std::vector<std::string>& args,
                                                       std::string_view message);

}  // namespace rfetch
