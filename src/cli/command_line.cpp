#include "cli/command_line.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/closest_flag.h"
#include "cli/exit_codes.h"
#include "cli/flags.h"
#include "cli/usage_error.h"

namespace rfetch {
namespace {

constexpr const char* kFooter =
    "Durations are written 250ms, 1.5s, 2m or 1h; a bare number means seconds.\n"
    "The attempt log and exit statuses are described in rfetch(1).";

int report_usage_error(const std::string& message) {
    std::cerr << "rfetch: " << message << '\n';
    return kExitUsage;
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

// CLI11 would list every leftover word; one line about the first one helps more.
std::string describe_leftover(const CLI::App& app, const std::string& word) {
    if (!word.starts_with('-') || word == "-") {
        return "unexpected argument '" + word + "': rfetch fetches one URL per run";
    }
    std::string message = "unknown option '" + word + "'";
    if (const auto suggestion = closest_flag(word, long_flags(app))) {
        message += "; did you mean '" + *suggestion + "'?";
    }
    return message + " (see 'rfetch --help')";
}

}  // namespace

CommandLine parse_command_line(int argc, const char* const* argv, Surroundings& surroundings) {
    CLI::App app{"rfetch: fetch a URL, retrying transient failures politely", "rfetch"};
    app.footer(kFooter);
    app.get_formatter()->column_width(34);
    RawOptions raw;
    add_flags(app, raw);
    app.allow_extras();
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return {std::nullopt, app.exit(help)};
    } catch (const CLI::CallForVersion& version) {
        return {std::nullopt, app.exit(version)};
    } catch (const CLI::ArgumentMismatch& error) {
        const std::string what = error.what();
        return {std::nullopt,
                report_usage_error(what.substr(0, what.find(':')) + ": needs a value")};
    } catch (const CLI::ParseError& error) {
        return {std::nullopt, report_usage_error(error.what())};
    }
    if (const auto leftover = app.remaining(); !leftover.empty()) {
        return {std::nullopt, report_usage_error(describe_leftover(app, leftover.front()))};
    }
    try {
        return {build_config(raw, surroundings), kExitSuccess};
    } catch (const UsageError& error) {
        return {std::nullopt, report_usage_error(error.what())};
    }
}

}  // namespace rfetch
