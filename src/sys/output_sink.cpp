#include "sys/output_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "sys/file_descriptor.h"

namespace rfetch {
namespace {

WriteOutcome failure(const std::string& what) {
    return {WriteOutcome::Status::failed, what + ": " + std::strerror(errno)};
}

WriteOutcome write_all(int fd, std::string_view body, const std::string& name) {
    while (!body.empty()) {
        const ssize_t written = write(fd, body.data(), body.size());
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EPIPE) {
                return {WriteOutcome::Status::reader_gone, {}};
            }
            return failure("cannot write " + name);
        }
        body.remove_prefix(static_cast<std::size_t>(written));
    }
    return {};
}

// Paths that name a descriptor or a device, whatever they resolve to: /dev/stdout redirected
// to a file is still the shell's file, and renaming over the link would break /dev/stdout.
bool is_written_in_place(const std::string& path) {
    if (path.starts_with("/dev/") || path.starts_with("/proc/")) {
        return true;
    }
    struct stat info {};
    return stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode);
}

// The mode of the file being replaced, so `-o ~/.token` stays 0600; a new file gets what a
// plain create would, as curl gives it.
mode_t mode_for(const std::string& path) {
    struct stat info {};
    if (stat(path.c_str(), &info) == 0) {
        return info.st_mode & 07777;
    }
    const mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

WriteOutcome write_atomically(const std::string& path, std::string_view body) {
    const std::filesystem::path target(path);
    std::string temp_name =
        (target.parent_path() / ("." + target.filename().string() + ".rfetch-XXXXXX")).string();
    FileDescriptor temp(mkostemp(temp_name.data(), O_CLOEXEC));
    if (temp.get() < 0) {
        return failure("cannot create a temporary file beside " + path);
    }
    WriteOutcome outcome = write_all(temp.get(), body, path);
    // mkostemp makes the file 0600.
    if (outcome.status == WriteOutcome::Status::written &&
        (fchmod(temp.get(), mode_for(path)) != 0 || fsync(temp.get()) != 0)) {
        outcome = failure("cannot sync " + path);
    }
    if (close(temp.release()) != 0 && outcome.status == WriteOutcome::Status::written) {
        outcome = failure("cannot write " + path);
    }
    if (outcome.status == WriteOutcome::Status::written &&
        std::rename(temp_name.c_str(), path.c_str()) != 0) {
        outcome = failure("cannot rename the temporary file to " + path);
    }
    if (outcome.status != WriteOutcome::Status::written) {
        unlink(temp_name.c_str());
    }
    return outcome;
}

}  // namespace

WriteOutcome write_to_stdout(std::string_view body) {
    return write_all(STDOUT_FILENO, body, "stdout");
}

WriteOutcome write_to_path(const std::string& path, std::string_view body) {
    if (!is_written_in_place(path)) {
        // Through a symbolic link, the file it points to is replaced, and the link stays.
        std::error_code error;
        const auto target = std::filesystem::is_symlink(path, error)
                                ? std::filesystem::weakly_canonical(path, error).string()
                                : path;
        return write_atomically(error ? path : target, body);
    }
    FileDescriptor fd(open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC));
    if (fd.get() < 0) {
        return failure("cannot open " + path);
    }
    return write_all(fd.get(), body, path);
}

}  // namespace rfetch
