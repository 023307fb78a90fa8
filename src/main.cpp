#include <unistd.h>

#include <algorithm>
#include <exception>
#include <iostream>

#include "app/run_fetch.h"
#include "app/run_state.h"
#include "cli/command_line.h"
#include "cli/exit_codes.h"
#include "core/log/run_id.h"
#include "http/curl_version.h"
#include "http/http_date.h"
#include "http/url_check.h"
#include "sys/exec_command.h"
#include "sys/fd_line_sink.h"
#include "sys/open_file_limit.h"
#include "sys/signals.h"
#include "sys/stderr_file.h"

int main(int argc, char** argv) {
    rfetch::FdLineSink stderr_lines(STDERR_FILENO);
    // As the command line asks, before it is parsed, so that even an error in setting up is
    // JSON with --log json; its run id is on every JSON line.
    rfetch::LogChannel messages{rfetch::messages_format_in({argv + std::min(argc, 1), argv + argc}),
                                rfetch::fresh_run_id(), stderr_lines};
    try {
        rfetch::install_signal_handlers();
        rfetch::raise_open_file_limit();
        rfetch::Surroundings surroundings{std::cin, isatty(STDERR_FILENO) != 0,
                                          rfetch::process_environment, rfetch::url_problem,
                                          rfetch::parse_http_date};
        const rfetch::CommandLine command_line =
            rfetch::parse_command_line(argc, argv, surroundings, rfetch::version_text());
        messages.format = command_line.messages;
        // curl's --stderr is global: it takes what every --next part writes, and the usage
        // errors curl sends there. A refusal whose file cannot take it is written on stderr.
        if (command_line.stderr_file) {
            if (const auto problem = rfetch::send_stderr_to(*command_line.stderr_file);
                problem && !command_line.refusal) {
                rfetch::log_error(messages, "--stderr: " + *problem, rfetch::kExitWriteError);
                return rfetch::kExitWriteError;
            }
        }
        if (command_line.refusal) {
            rfetch::log_error(messages, *command_line.refusal, command_line.exit_code);
            return command_line.exit_code;
        }
        if (command_line.state_command) {
            return rfetch::run_state_command(*command_line.state_command, messages);
        }
        if (!command_line.config) {
            return command_line.exit_code;
        }
        // curl's --next: each command line runs after the one before it; the first that
        // fails gives the exit status, as the first URL that fails does among many.
        // curl's --rate is global: its pace runs on from one part to the next.
        std::optional<rfetch::FixedPace> pace;
        if (command_line.config->pace_interval) {
            pace.emplace(*command_line.config->pace_interval);
        }
        rfetch::FixedPace* const shared_pace = pace ? &*pace : nullptr;
        std::vector<int> exit_codes{rfetch::run_fetch(*command_line.config, messages, shared_pace)};
        const rfetch::Config* last = &*command_line.config;
        for (const rfetch::Config& next : command_line.next_configs) {
            // curl's --fail-early ends the whole invocation at the first failure.
            if (rfetch::received_signal() != 0 ||
                (last->fail_early && exit_codes.back() != rfetch::kExitSuccess)) {
                break;
            }
            exit_codes.push_back(rfetch::run_fetch(next, messages, shared_pace));
            last = &next;
        }
        const int exit_code = rfetch::combined_exit_code(exit_codes, rfetch::received_signal());
        if (exit_code == rfetch::kExitSignalBase + rfetch::received_signal()) {
            rfetch::die_of_received_signal();
        }
        const std::vector<std::string>& command = last->command;
        if (exit_code != rfetch::kExitSuccess || command.empty()) {
            return exit_code;
        }
        // A signal that came as the run succeeded still asked rfetch to stop: no command starts.
        rfetch::die_of_received_signal();
        const rfetch::ExecFailure failure = rfetch::exec_command(command);
        rfetch::log_error(messages, failure.message, failure.exit_code);
        return failure.exit_code;
    } catch (const std::exception& error) {
        rfetch::log_error(messages, std::string("internal error: ") + error.what(),
                          rfetch::kExitInternal);
        return rfetch::kExitInternal;
    }
}
