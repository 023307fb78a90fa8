#include "sys/exec_command.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "sys/open_file_limit.h"
#include "sys/signals.h"

namespace rfetch {

ExecFailure exec_command(const std::vector<std::string>& command) {
    std::vector<char*> argv;
    argv.reserve(command.size() + 1);
    for (const std::string& word : command) {
        argv.push_back(const_cast<char*>(word.c_str()));
    }
    argv.push_back(nullptr);
    // Nothing rfetch buffered may be lost, nor written after the command's own output.
    std::fflush(nullptr);
    restore_signals_for_exec();
    restore_open_file_limit();
    execvp(argv[0], argv.data());
    const int error = errno;
    // The exit statuses of POSIX shells: 127 for a command not found, 126 for one that was
    // found and cannot run.
    const int exit_code = error == ENOENT || error == ENOTDIR ? 127 : 126;
    return {exit_code, "cannot run '" + command.front() + "': " + std::strerror(error)};
}

}  // namespace rfetch
