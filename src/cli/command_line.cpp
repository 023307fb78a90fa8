#include "cli/command_line.h"

#include <CLI/CLI.hpp>
#include <iostream>

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

}  // namespace

CommandLine parse_command_line(int argc, const char* const* argv, Surroundings& surroundings) {
    CLI::App app{"rfetch: fetch a URL, retrying transient failures politely", "rfetch"};
    app.footer(kFooter);
    app.get_formatter()->column_width(34);
    RawOptions raw;
    add_flags(app, raw);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return {std::nullopt, app.exit(help)};
    } catch (const CLI::CallForVersion& version) {
        return {std::nullopt, app.exit(version)};
    } catch (const CLI::ParseError& error) {
        return {std::nullopt, report_usage_error(error.what())};
    }
    try {
        return {build_config(raw, surroundings), kExitSuccess};
    } catch (const UsageError& error) {
        return {std::nullopt, report_usage_error(error.what())};
    }
}

}  // namespace rfetch
