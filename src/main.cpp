#include <unistd.h>

#include <exception>
#include <iostream>

#include "cli/command_line.h"
#include "cli/exit_codes.h"
#include "http/curl_version.h"
#include "http/url_check.h"
#include "run_fetch.h"
#include "run_state.h"
#include "sys/signals.h"

int main(int argc, char** argv) {
    try {
        rfetch::install_signal_handlers();
        rfetch::Surroundings surroundings{std::cin, isatty(STDERR_FILENO) != 0,
                                          rfetch::process_environment, rfetch::url_problem};
        const rfetch::CommandLine command_line =
            rfetch::parse_command_line(argc, argv, surroundings, rfetch::version_text());
        if (command_line.state_command) {
            return rfetch::run_state_command(*command_line.state_command);
        }
        if (!command_line.config) {
            return command_line.exit_code;
        }
        return rfetch::run_fetch(*command_line.config);
    } catch (const std::exception& error) {
        std::cerr << "rfetch: internal error: " << error.what() << '\n';
        return rfetch::kExitInternal;
    }
}
