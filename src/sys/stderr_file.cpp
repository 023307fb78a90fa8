#include "sys/stderr_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "sys/file_descriptor.h"

namespace rfetch {

std::optional<std::string> send_stderr_to(const std::string& path) {
    std::fflush(stderr);
    if (path == "-") {
        if (dup2(STDOUT_FILENO, STDERR_FILENO) < 0) {
            return "cannot send stderr to stdout: " + std::string(std::strerror(errno));
        }
        return std::nullopt;
    }
    const FileDescriptor file(open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
    if (!file.is_open()) {
        return "cannot write '" + path + "': " + std::strerror(errno);
    }
    // dup2 leaves the new stderr without O_CLOEXEC, as fd 2 should be for the command after --.
    if (dup2(file.get(), STDERR_FILENO) < 0) {
        return "cannot send stderr to '" + path + "': " + std::strerror(errno);
    }
    return std::nullopt;
}

}  // namespace rfetch
