#include "cli/command_line.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <utility>

#include "cli/closest_flag.h"
#include "cli/curl_config.h"
#include "cli/curl_options.h"
#include "cli/exit_codes.h"
#include "cli/flags.h"
#include "cli/next_parts.h"
#include "cli/read_error.h"
#include "cli/stderr_choice.h"
#include "cli/targets.h"
#include "cli/usage_error.h"
#include "sys/outputs.h"

namespace rfetch {
namespace {

constexpr const char* kFooter =
    "Durations are written 250ms, 1.5s, 2m or 1h; a bare number means seconds.\n"
    "Settings come from flags, then RFETCH_* variables, then the config file, then defaults.\n"
    "The attempt log and exit statuses are described in rfetch(1).";

// Nothing to run: --help or --version.
CommandLine stop_with(int exit_code) {
    CommandLine command_line;
    command_line.exit_code = exit_code;
    return command_line;
}

CommandLine refusal(std::string message, int exit_code, LogFormat messages) {
    CommandLine command_line;
    command_line.exit_code = exit_code;
    command_line.refusal = std::move(message);
    command_line.messages = messages;
    return command_line;
}

CommandLine usage_error(std::string message, LogFormat messages) {
    return refusal(std::move(message), kExitUsage, messages);
}

std::vector<std::string> long_flags(const CLI::App& app) {
    std::vector<std::string> flags;
    for (const CLI::Option* option : app.get_options()) {
        for (const std::string& name : option->get_lnames()) {
            flags.push_back("--" + name);
        }
    }
    return flags;
}

// How many URLs the command line (or its --next part) gave, each glob one.
std::size_t urls_given(const Config& config) {
    std::size_t count = 0;
    for (const Target& target : config.targets) {
        count = std::max(count, target.given + 1);
    }
    return count;
}

// The first output file that could not be written: the body's, the head's (-D), the cookie
// jar (-c), the ETag (--etag-save), curl's --stderr.
std::optional<std::string> first_output_problem(const Config& config) {
    for (const Target& target : config.targets) {
        if (target.output) {
            if (auto problem = output_problem(*target.output, config.create_dirs)) {
                return problem;
            }
        }
    }
    if (config.dump_header && *config.dump_header != "-") {
        if (auto problem = output_problem(*config.dump_header, config.create_dirs)) {
            return problem;
        }
    }
    if (config.libcurl_file && *config.libcurl_file != "-") {
        if (auto problem = output_problem(*config.libcurl_file, config.create_dirs)) {
            return problem;
        }
    }
    if (config.cookie_jar && *config.cookie_jar != "-") {
        if (auto problem = output_problem(*config.cookie_jar, config.create_dirs)) {
            return problem;
        }
    }
    // curl 7.88 skips a transfer whose ETag it could not save; rfetch refuses the run instead
    // of sending a request whose body would be written and whose ETag would be lost.
    if (config.etag_save) {
        if (auto problem = output_problem(*config.etag_save, config.create_dirs)) {
            return problem;
        }
    }
    if (config.stderr_file && *config.stderr_file != "-") {
        return output_problem(*config.stderr_file, false);
    }
    return std::nullopt;
}

// CLI11 would list every leftover word; one line about the first one helps more.
std::string describe_leftover(const CLI::App& app, const std::string& word) {
    if (!word.starts_with('-') || word == "-") {
        return "unexpected argument '" + word + "'";
    }
    if (const auto curl_option = curl_option_named(word)) {
        return "curl's " + *curl_option + " is not supported by rfetch (see 'rfetch --help')";
    }
    std::string message = "unknown option '" + word + "'";
    if (const auto suggestion = closest_flag(word, long_flags(app))) {
        message += "; did you mean '" + *suggestion + "'?";
    }
    return message + " (see 'rfetch --help')";
}

// RFETCH_CONFIG, else $XDG_CONFIG_HOME/rfetch/config.toml, else ~/.config/rfetch/config.toml.
// Only RFETCH_CONFIG must exist; the others are read when present.
std::string default_config_path(const EnvironmentLookup& environment) {
    if (auto named = environment("RFETCH_CONFIG"); named && !named->empty()) {
        return *named;
    }
    if (auto xdg = environment("XDG_CONFIG_HOME"); xdg && !xdg->empty()) {
        return *xdg + "/rfetch/config.toml";
    }
    if (auto home = environment("HOME"); home && !home->empty()) {
        return *home + "/.config/rfetch/config.toml";
    }
    return {};
}

// curl's -q (--disable), as curl reads it: only as the first argument, alone or first in a
// group of short flags (-qs).
bool config_disabled(const std::vector<std::string>& args) {
    if (args.empty()) {
        return false;
    }
    const std::string_view first = args.front();
    return first == "--disable" || (first.starts_with("-q") && !first.starts_with("--"));
}

bool given_on_command_line(std::string_view flag, const std::vector<std::string>& args) {
    return std::ranges::any_of(args, [flag](std::string_view arg) {
        return arg == flag ||
               (arg.starts_with(flag) && arg.size() > flag.size() && arg[flag.size()] == '=');
    });
}

// --request-id, --traceparent and --attempt-header take an optional value, so in "--request-id URL1
// URL2" the first URL could be read as the ID. The rule: the word after such a flag is its value
// unless it has "://", which makes it a URL; "--flag=VALUE" always sets the value. A "--" placed
// after the flag ends its values in CLI11, which drops that "--" and reads on as usual.
std::vector<std::string> with_urls_kept_from_optional_values(std::vector<std::string> args) {
    for (std::size_t i = 0; i + 1 < args.size() && args[i] != "--"; ++i) {
        if ((args[i] == "--request-id" || args[i] == "--traceparent" ||
             args[i] == "--attempt-header") &&
            args[i + 1].find("://") != std::string::npos) {
            args.insert(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, "--");
            ++i;
        }
    }
    return args;
}

// CLI11 reads its config file before the environment and lets neither override a value
// already set, which would rank the file above the environment. Placing the RFETCH_*
// settings on the command line, before the user's own flags, gives the documented order:
// the user's flags win (the last value wins), and both rank above the file.
struct EnvironmentArguments {
    std::vector<std::string> arguments;
    std::vector<EnvironmentSetting> used;
};

EnvironmentArguments environment_arguments(const EnvironmentLookup& environment,
                                           const std::vector<std::string>& user_args) {
    EnvironmentArguments found;
    for (const EnvironmentSetting& setting : environment_settings()) {
        const auto value = environment(std::string(setting.variable));
        if (!value || value->empty() || given_on_command_line(setting.flag, user_args)) {
            continue;
        }
        found.arguments.push_back(std::string(setting.flag) + "=" + *value);
        found.used.push_back(setting);
    }
    return found;
}

// A bad value is named where the user wrote it: by its variable when it came from the
// environment, with the file's name when it came from the config file.
std::string attribute(std::string message, const std::vector<EnvironmentSetting>& used,
                      const std::vector<std::string>& user_args, const CLI::App& app) {
    for (const EnvironmentSetting& setting : used) {
        if (message.starts_with(std::string(setting.flag) + ":")) {
            return std::string(setting.variable) + message.substr(setting.flag.size());
        }
    }
    const std::string flag = message.substr(0, message.find(':'));
    const CLI::Option* config = app.get_config_ptr();
    if (flag.starts_with("--") && !given_on_command_line(flag, user_args) && config != nullptr &&
        config->count() > 0) {
        return message + " (in " + config->as<std::string>() + ")";
    }
    return message;
}

CommandLine parse_group(const std::vector<std::string>& user_args,
                        std::optional<std::vector<std::string>> command, Surroundings& surroundings,
                        const std::string& version_text, LogFormat early_messages);

// Every command line is checked before the first one runs: nothing is sent for a mistake in
// the last. The command after "--" follows the last one. As in curl, a --next before any URL
// starts nothing: the options before it belong to the next part.
CommandLine parse_parts(const std::vector<std::vector<std::string>>& parts,
                        std::optional<std::vector<std::string>> command, Surroundings& surroundings,
                        const std::string& version_text, LogFormat early_messages) {
    std::optional<CommandLine> first;
    std::vector<std::string> pending;
    for (std::size_t index = 0; index < parts.size(); ++index) {
        const bool last = index + 1 == parts.size();
        pending.insert(pending.end(), parts[index].begin(), parts[index].end());
        CommandLine parsed =
            parse_group(pending, last ? std::exchange(command, std::nullopt) : std::nullopt,
                        surroundings, version_text, early_messages);
        if (!last && !parsed.config && parsed.refusal && parsed.refusal->starts_with(kNoUrlGiven)) {
            continue;
        }
        pending.clear();
        if (parsed.state_command && parts.size() > 1) {
            return usage_error("--state and --reset-state cannot be used with --next",
                               parsed.messages);
        }
        if (!parsed.config) {
            return parsed;
        }
        if (!first) {
            first = std::move(parsed);
        } else {
            // curl's --libcurl is global: one program, of the first request (see the man page).
            parsed.config->libcurl_file.reset();
            const Config& before =
                first->next_configs.empty() ? *first->config : first->next_configs.back();
            parsed.config->urls_before = before.urls_before + urls_given(before);
            first->next_configs.push_back(std::move(*parsed.config));
        }
    }
    return std::move(*first);
}

}  // namespace

LogFormat messages_format_in(const std::vector<std::string>& args) {
    std::string_view log;
    for (std::size_t i = 0; i < args.size() && args[i] != "--"; ++i) {
        const std::string_view arg = args[i];
        if (arg.starts_with("--log=")) {
            log = arg.substr(6);
        } else if (arg == "--log" && i + 1 < args.size()) {
            log = args[++i];
        }
    }
    return log == "json" ? LogFormat::json : LogFormat::text;
}

CommandLine parse_command_line(int argc, const char* const* argv, Surroundings& surroundings,
                               const std::string& version_text) {
    std::vector<std::string> typed(argv + std::min(argc, 1), argv + argc);
    // The first "--" ends rfetch's own arguments: what follows is the command to run, whose
    // words rfetch neither parses nor checks.
    std::optional<std::vector<std::string>> command;
    if (const auto separator = std::ranges::find(typed, "--"); separator != typed.end()) {
        command.emplace(separator + 1, typed.end());
        typed.erase(separator, typed.end());
    }
    // The flags alone, to read the words of the command line by.
    CLI::App flags;
    RawOptions unused;
    add_flags(flags, unused, version_text);
    std::vector<std::string> user_args;
    CommandLine parsed;
    try {
        user_args = with_curl_configs_expanded(typed, surroundings.stdin_stream);
        parsed = parse_parts(next_parts(flags, user_args), std::move(command), surroundings,
                             version_text, messages_format_in(typed));
    } catch (const UsageError& error) {
        // Before parsing, only the command line can say how to write a usage error.
        parsed = usage_error(error.what(), messages_format_in(typed));
        user_args = typed;
    }
    if (parsed.config) {
        parsed.stderr_file = parsed.config->stderr_file;
    } else if (parsed.refusal) {
        parsed.stderr_file = parsed.exit_code == kExitUsage
                                 ? stderr_file_for_usage_error(flags, user_args, *parsed.refusal)
                                 : last_stderr_file(flags, user_args);
    }
    return parsed;
}

namespace {

CommandLine parse_group(const std::vector<std::string>& user_args,
                        std::optional<std::vector<std::string>> command, Surroundings& surroundings,
                        const std::string& version_text, LogFormat early_messages) {
    CLI::App app{"rfetch: fetch a URL, retrying transient failures politely", "rfetch"};
    app.footer(kFooter);
    app.get_formatter()->column_width(34);
    RawOptions raw;
    add_flags(app, raw, version_text);
    app.set_config("--config", "",
                   "Read settings from this TOML file (default $XDG_CONFIG_HOME/rfetch/"
                   "config.toml when present) [env RFETCH_CONFIG]")
        ->type_name("FILE")
        ->group("Output");
    app.allow_config_extras(CLI::config_extras_mode::error);
    app.allow_extras();

    const EnvironmentArguments from_environment =
        environment_arguments(surroundings.environment, user_args);
    std::vector<std::string> args = from_environment.arguments;
    if (const std::string path = default_config_path(surroundings.environment);
        !path.empty() && !given_on_command_line("--config", user_args) &&
        !config_disabled(user_args) &&
        (surroundings.environment("RFETCH_CONFIG") || std::filesystem::exists(path))) {
        args.push_back("--config=" + path);
    }
    const std::vector<std::string> settled = with_urls_kept_from_optional_values(user_args);
    args.insert(args.end(), settled.begin(), settled.end());
    // CLI11 takes the arguments last first.
    std::reverse(args.begin(), args.end());

    if (const auto named = surroundings.environment("RFETCH_CONFIG");
        named && !named->empty() && !config_disabled(user_args) &&
        !std::filesystem::is_regular_file(*named)) {
        return usage_error("RFETCH_CONFIG: '" + *named + "' is not a file rfetch can read",
                           early_messages);
    }
    try {
        app.parse(args);
    } catch (const CLI::CallForHelp& help) {
        return stop_with(app.exit(help));
    } catch (const CLI::CallForVersion& version) {
        return stop_with(app.exit(version));
    } catch (const CLI::ArgumentMismatch& error) {
        const std::string what = error.what();
        return usage_error(what.substr(0, what.find(':')) + ": needs a value", early_messages);
    } catch (const CLI::FileError& error) {
        return usage_error(std::string("--config: ") + error.what(), early_messages);
    } catch (const CLI::ConfigError& error) {
        // CLI11 says "INI was not able to parse NAME" for a setting it does not know.
        std::string what = error.what();
        if (what.starts_with("INI was not able to parse")) {
            what = "unknown setting '" + what.substr(what.rfind(' ') + 1) + "'";
        }
        return usage_error("config file: " + what +
                               " (settings are long option names: retries = 5, max-delay = "
                               "\"10s\")",
                           early_messages);
    } catch (const CLI::ParseError& error) {
        return usage_error(error.what(), early_messages);
    }
    if (const auto leftover = app.remaining(); !leftover.empty()) {
        return usage_error(describe_leftover(app, leftover.front()), early_messages);
    }
    raw.command = std::move(command);
    // Now the whole command line and the config file are read: --log says it all.
    const LogFormat messages = raw.log == "json" ? LogFormat::json : LogFormat::text;
    try {
        CommandLine command_line;
        command_line.messages = messages;
        if (raw.state || raw.reset_state) {
            command_line.state_command = build_state_command(raw, surroundings);
        } else {
            command_line.config = build_config(raw, surroundings);
            // Exit 23 as a body that cannot be written would, but before the request is sent.
            if (auto problem = first_output_problem(*command_line.config)) {
                return refusal(std::move(*problem), kExitWriteError, messages);
            }
        }
        return command_line;
    } catch (const UsageError& error) {
        return usage_error(attribute(error.what(), from_environment.used, user_args, app),
                           messages);
    } catch (const ReadError& error) {
        return refusal(error.what(), kExitReadError, messages);
    }
}

}  // namespace
}  // namespace rfetch
