#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/config.h"
#include "cli/config_builder.h"

namespace rfetch {

/// A config to run, a state command to carry out, or the exit status when there is nothing to
/// run (--help, --version, a usage error for the caller to report).
struct CommandLine {
    std::optional<Config> config;
    /// curl's --next: the configs of the command lines after `config`'s, run after it in order.
    std::vector<Config> next_configs;
    int exit_code = 0;
    std::optional<StateCommand> state_command;
    /// Why the command line cannot run, with its exit code: 2 for a usage error, 23 for an
    /// output that cannot be written, found before anything is sent.
    std::optional<std::string> refusal;
    /// curl's --stderr FILE, where rfetch's stderr goes from the start: for the whole run, or
    /// for a refusal, as curl sends it (see stderr_file_for_usage_error).
    std::optional<std::string> stderr_file;
    /// How to write lines about rfetch itself (usage errors, warnings, internal errors): JSON
    /// when --log json was asked for, else text. Known even when the parse failed, from a scan
    /// of the arguments (see messages_format_in).
    LogFormat messages = LogFormat::text;
};

/// JSON when the last --log among `args` (before any "--") is json, else text. Used before the
/// command line is known to be valid, so that a usage error is written as the user asked.
LogFormat messages_format_in(const std::vector<std::string>& args);

/// Reads argv, the RFETCH_* environment and the config file, in that order of precedence.
/// `version_text` is what --version prints.
CommandLine parse_command_line(int argc, const char* const* argv, Surroundings& surroundings,
                               const std::string& version_text);

}  // namespace rfetch
