#include "sys/outputs.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <optional>
#include <utility>

#include "sys/file_descriptor.h"
#include "sys/signals.h"
#include "sys/stdout_reader.h"

namespace rfetch {
namespace {

// How often a FIFO with no reader yet is tried again: soon enough that a reader that comes
// is not kept waiting, and seldom enough to cost nothing while none does.
constexpr int kReaderPollMillis = 20;

WriteStatus failure(const std::string& what) {
    return {WriteStatus::Kind::failed, what + ": " + std::strerror(errno)};
}

// The most one write() may take. Where a write can block for good (a pipe, a socket, a
// terminal), a pipe that poll() calls writable takes PIPE_BUF bytes without blocking; a larger
// write may block once the poll has returned, and a signal that came in between would then be
// missed for as long as the reader does not read. A file or /dev/null never blocks for good.
std::size_t most_in_one_write(int fd) {
    struct stat info {};
    const bool may_block = fstat(fd, &info) != 0 || S_ISFIFO(info.st_mode) ||
                           S_ISSOCK(info.st_mode) || isatty(fd) != 0;
    return may_block ? PIPE_BUF : SIZE_MAX;
}

WriteStatus write_all(int fd, std::string_view bytes, const std::string& name) {
    const std::size_t most = most_in_one_write(fd);
    std::uint64_t done = 0;
    while (!bytes.empty()) {
        // A reader that stopped reading blocks the write for good: a signal must end it,
        // whether it came before the write or during it. Each write waits here first, beside
        // the signal pipe, and takes no more than the poll promised room for. A poll that the
        // signal itself interrupts goes round again to see it: the handler has run, and a
        // write now would block with nothing left to wake it.
        if (received_signal() != 0) {
            return {WriteStatus::Kind::interrupted, "interrupted by a signal while writing " + name,
                    done};
        }
        pollfd ready[2] = {{fd, POLLOUT, 0}, {signal_wakeup_fd(), POLLIN, 0}};
        if (poll(ready, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            WriteStatus status = failure("cannot write " + name);
            status.partial = done;
            return status;
        }
        if ((ready[1].revents & POLLIN) != 0) {
            continue;
        }
        const ssize_t written = write(fd, bytes.data(), std::min(bytes.size(), most));
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            WriteStatus status = errno == EPIPE ? WriteStatus{WriteStatus::Kind::reader_gone, {}}
                                                : failure("cannot write " + name);
            status.partial = done;
            return status;
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
        done += static_cast<std::uint64_t>(written);
    }
    return {};
}

class StdoutOutput final : public Output {
  public:
    WriteStatus write(std::string_view bytes) override {
        return write_all(STDOUT_FILENO, bytes, "stdout");
    }
    bool can_rewind() const override { return false; }
    WriteStatus rewind() override { return {WriteStatus::Kind::failed, "stdout cannot rewind"}; }
    WriteStatus finish() override { return {}; }
    void abandon() override {}
    bool reader_gone() const override { return stdout_reader_gone(); }
};

// A device or a FIFO, opened only when there is something to write: opening a FIFO waits
// for its reader, and that wait belongs to a run that has a body.
class DeviceOutput final : public Output {
  public:
    DeviceOutput(std::string path, bool append) : path_(std::move(path)), append_(append) {}

    WriteStatus write(std::string_view bytes) override {
        if (!fd_.is_open()) {
            if (WriteStatus opened = open_device(); !opened.ok()) {
                return opened;
            }
        }
        return write_all(fd_.get(), bytes, path_);
    }
    bool can_rewind() const override { return false; }
    WriteStatus rewind() override { return {WriteStatus::Kind::failed, path_ + " cannot rewind"}; }
    WriteStatus finish() override {
        if (!fd_.is_open()) {
            if (WriteStatus opened = open_device(); !opened.ok()) {
                return opened;
            }
        }
        return fd_.reset() ? WriteStatus{} : failure("cannot write " + path_);
    }
    void abandon() override { fd_.reset(); }

  private:
    WriteStatus open_device() {
        struct stat info {};
        if (stat(path_.c_str(), &info) == 0 && S_ISFIFO(info.st_mode)) {
            return open_fifo();
        }
        fd_.reset(open(path_.c_str(), O_WRONLY | (append_ ? O_APPEND : O_TRUNC) | O_CLOEXEC));
        return fd_.is_open() ? WriteStatus{} : failure("cannot open " + path_);
    }

    // A FIFO's open waits for a reader for as long as none comes, and a blocking open could
    // miss a signal that came just before it: rfetch tries without blocking and polls the
    // signal pipe between tries, then writes in blocking mode as to any pipe.
    WriteStatus open_fifo() {
        while (received_signal() == 0) {
            fd_.reset(open(path_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC));
            if (fd_.is_open()) {
                const int flags = fcntl(fd_.get(), F_GETFL);
                if (flags < 0 || fcntl(fd_.get(), F_SETFL, flags & ~O_NONBLOCK) != 0) {
                    return failure("cannot write " + path_);
                }
                return {};
            }
            if (errno != ENXIO && errno != EINTR) {
                return failure("cannot open " + path_);
            }
            pollfd wakeup{signal_wakeup_fd(), POLLIN, 0};
            poll(&wakeup, 1, kReaderPollMillis);
        }
        return {WriteStatus::Kind::interrupted,
                "interrupted while waiting for a reader of " + path_};
    }

    std::string path_;
    bool append_;
    FileDescriptor fd_;
};

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

class AtomicFileOutput final : public NamedFileOutput {
  public:
    AtomicFileOutput(std::string path, bool create_dirs, bool append, Clobber clobber)
        : path_(std::move(path)), create_dirs_(create_dirs), append_(append), clobber_(clobber) {}
    ~AtomicFileOutput() override { abandon(); }
    AtomicFileOutput(const AtomicFileOutput&) = delete;
    AtomicFileOutput& operator=(const AtomicFileOutput&) = delete;

    WriteStatus write(std::string_view bytes) override {
        if (WriteStatus created = create_temp(); !created.ok()) {
            return created;
        }
        return write_all(temp_.get(), bytes, path_);
    }
    bool can_rewind() const override { return true; }
    WriteStatus rewind() override {
        const auto kept = static_cast<off_t>(kept_);
        if (temp_.is_open() &&
            (ftruncate(temp_.get(), kept) != 0 || lseek(temp_.get(), kept, SEEK_SET) != kept)) {
            return failure("cannot rewind the temporary file for " + path_);
        }
        return {};
    }
    WriteStatus finish() override {
        if (WriteStatus created = create_temp(); !created.ok()) {
            return created;
        }
        // mkostemp makes the file 0600.
        if (fchmod(temp_.get(), mode_for(path_)) != 0 || fsync(temp_.get()) != 0) {
            return failure("cannot sync " + path_);
        }
        // A rename or a link keeps the time.
        if (file_time_) {
            const timespec when{std::chrono::system_clock::to_time_t(*file_time_), 0};
            const std::array<timespec, 2> times{when, when};
            if (futimens(temp_.get(), times.data()) != 0) {
                return failure("cannot set the time of " + path_);
            }
        }
        if (!temp_.reset()) {
            return failure("cannot write " + path_);
        }
        if (clobber_ != Clobber::replace) {
            return place_beside_others();
        }
        if (std::rename(temp_name_.c_str(), path_.c_str()) != 0) {
            return failure("cannot rename the temporary file to " + path_);
        }
        temp_name_.clear();
        return {};
    }
    void rename(std::string path, Clobber clobber) override {
        path_ = std::move(path);
        clobber_ = clobber;
    }
    void set_file_time(std::chrono::system_clock::time_point time) override { file_time_ = time; }
    void abandon() override {
        temp_.reset();
        if (!temp_name_.empty()) {
            unlink(temp_name_.c_str());
            temp_name_.clear();
        }
    }

  private:
    WriteStatus create_temp() {
        if (temp_.is_open()) {
            return {};
        }
        const std::filesystem::path target(path_);
        std::error_code error;
        if (create_dirs_ && target.has_parent_path() &&
            !std::filesystem::create_directories(target.parent_path(), error) && error) {
            return {WriteStatus::Kind::failed,
                    "cannot create the directories for " + path_ + ": " + error.message()};
        }
        std::string name =
            (target.parent_path() / ("." + target.filename().string() + ".rfetch-XXXXXX")).string();
        temp_.reset(mkostemp(name.data(), O_CLOEXEC));
        if (!temp_.is_open()) {
            return failure("cannot create a temporary file beside " + path_);
        }
        temp_name_ = std::move(name);
        return append_ ? copy_existing() : WriteStatus{};
    }

    // A hard link takes a name only when no file has it, so no file is ever replaced, even
    // one that appears while rfetch runs; the temporary name then goes.
    WriteStatus place_beside_others() {
        constexpr int kMostNumbers = 100;
        const int last = clobber_ == Clobber::number ? kMostNumbers : 0;
        for (int number = 0; number <= last; ++number) {
            const std::string name = number == 0 ? path_ : path_ + "." + std::to_string(number);
            if (link(temp_name_.c_str(), name.c_str()) == 0) {
                unlink(temp_name_.c_str());
                temp_name_.clear();
                path_ = name;
                return {};
            }
            if (errno != EEXIST) {
                return failure("cannot name the file " + name);
            }
        }
        errno = EEXIST;
        return failure(clobber_ == Clobber::number
                           ? "cannot write " + path_ + " or " + path_ + ".1 to .100"
                           : "will not replace " + path_);
    }

    // The bytes the body goes after: the file as it is now, or none when there is no file.
    WriteStatus copy_existing() {
        const FileDescriptor existing(open(path_.c_str(), O_RDONLY | O_CLOEXEC));
        if (!existing.is_open()) {
            return errno == ENOENT ? WriteStatus{} : failure("cannot read " + path_);
        }
        std::string buffer(kCopyChunk, '\0');
        for (;;) {
            const ssize_t got = read(existing.get(), buffer.data(), buffer.size());
            if (got < 0 && errno == EINTR) {
                continue;
            }
            if (got < 0) {
                return failure("cannot read " + path_);
            }
            if (got == 0) {
                return {};
            }
            const auto count = static_cast<std::size_t>(got);
            if (WriteStatus written = write_all(temp_.get(), {buffer.data(), count}, path_);
                !written.ok()) {
                return written;
            }
            kept_ += count;
        }
    }

    static constexpr std::size_t kCopyChunk = std::size_t{64} * 1024;
    std::string path_;
    bool create_dirs_;
    bool append_;
    Clobber clobber_;
    std::optional<std::chrono::system_clock::time_point> file_time_;
    std::uint64_t kept_ = 0;
    std::string temp_name_;
    FileDescriptor temp_;
};

// Paths that name a descriptor, whatever they resolve to: /dev/stdout redirected to a file
// is still the shell's file, and renaming over the link would break /dev/stdout. Anything
// else, /dev/shm's files included, is judged by what it is.
bool is_written_in_place(const std::string& path) {
    if (path.starts_with("/dev/std") || path.starts_with("/dev/fd/") ||
        path.starts_with("/proc/")) {
        return true;
    }
    struct stat info {};
    return stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode);
}

// Through a symbolic link, the file it points to is replaced, and the link stays.
std::string link_target(const std::string& path) {
    std::error_code error;
    const auto target = std::filesystem::is_symlink(path, error)
                            ? std::filesystem::weakly_canonical(path, error).string()
                            : path;
    return error ? path : target;
}

std::unique_ptr<Output> file_output(const std::string& path, bool create_dirs, bool append,
                                    Clobber clobber) {
    if (is_written_in_place(path)) {
        return std::make_unique<DeviceOutput>(path, append);
    }
    return std::make_unique<AtomicFileOutput>(link_target(path), create_dirs, append, clobber);
}

}  // namespace

std::unique_ptr<Output> stdout_output() {
    return std::make_unique<StdoutOutput>();
}

std::unique_ptr<Output> path_output(const std::string& path, bool create_dirs, Clobber clobber) {
    return file_output(path, create_dirs, false, clobber);
}

std::unique_ptr<Output> appending_path_output(const std::string& path, bool create_dirs) {
    return file_output(path, create_dirs, true, Clobber::replace);
}

std::unique_ptr<NamedFileOutput> named_file_output(const std::string& path, bool create_dirs,
                                                   Clobber clobber) {
    return std::make_unique<AtomicFileOutput>(link_target(path), create_dirs, false, clobber);
}

std::optional<std::string> output_problem(const std::string& path, bool create_dirs) {
    struct stat info {};
    if (stat(path.c_str(), &info) == 0) {
        if (S_ISDIR(info.st_mode)) {
            return "cannot write '" + path + "': it is a directory";
        }
        // access() asks the kernel, which knows what neither the mode nor the owner tells:
        // a read-only mount, or a /proc file that no one, root included, may write.
        if (access(path.c_str(), W_OK) != 0) {
            return "cannot write '" + path + "': " + std::strerror(errno);
        }
        if (is_written_in_place(path)) {
            return std::nullopt;
        }
    } else if (errno != ENOENT) {
        return "cannot write '" + path + "': " + std::strerror(errno);
    }
    // The file, new or replaced, is made in its directory.
    std::filesystem::path directory = std::filesystem::path(path).parent_path();
    std::error_code error;
    while (create_dirs && !directory.empty() && !std::filesystem::exists(directory, error) &&
           directory.has_relative_path()) {
        directory = directory.parent_path();
    }
    const std::string shown = directory.empty() ? "." : directory.string();
    if (stat(shown.c_str(), &info) != 0) {
        return "cannot create '" + path + "': its directory '" + shown +
               "': " + std::strerror(errno);
    }
    if (!S_ISDIR(info.st_mode)) {
        return "cannot create '" + path + "': '" + shown + "' is not a directory";
    }
    if (access(shown.c_str(), W_OK | X_OK) != 0) {
        return "cannot create '" + path + "' in '" + shown + "': " + std::strerror(errno);
    }
    return std::nullopt;
}

WriteStatus write_whole(Output& output, std::string_view bytes) {
    if (WriteStatus status = output.write(bytes); !status.ok()) {
        output.abandon();
        return status;
    }
    return output.finish();
}

}  // namespace rfetch
