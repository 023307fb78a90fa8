#include "sys/file_state_store.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "sys/file_descriptor.h"
#include "sys/outputs.h"
#include "sys/signals.h"

namespace rfetch {
namespace {

constexpr const char* kLockName = ".lock";
constexpr const char* kSuffix = ".json";
// How often a run that waits for a lock another run holds tries again: often enough that the
// wait adds little, and seldom enough that it costs no CPU to speak of.
constexpr int kLockRetryMillis = 5;
// Well below NAME_MAX (255) with the suffix, the port and the temporary-name affixes of
// sys/outputs.cpp.
constexpr std::size_t kLongestHost = 160;

// Host names are letters, digits, dots and dashes; anything else (an IPv6 literal's brackets
// and colons, '_', which separates the parts) is written %XX, so no two origins share a name.
std::string escape_host(std::string_view host) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : host) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || c == '.' || c == '-') {
            out.push_back(c);
        } else {
            out += {'%', kHex[byte >> 4], kHex[byte & 0xF]};
        }
    }
    return out;
}

// FNV-1a: only tells apart the rare hosts too long to spell out in a file name.
std::string short_hash(std::string_view text) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (const char c : text) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    return hex;
}

bool is_state_file(const std::filesystem::directory_entry& entry) {
    const std::string name = entry.path().filename().string();
    return !name.starts_with('.') && name.ends_with(kSuffix) && entry.is_regular_file();
}

std::string describe_errno(const std::string& what) {
    return what + ": " + std::strerror(errno);
}

struct FileText {
    bool missing = false;
    std::string text;
    std::string error;
};

FileText read_text(const std::filesystem::path& file) {
    FileDescriptor fd(open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT) {
            return {true, {}, {}};
        }
        return {false, {}, describe_errno("cannot read the state file " + file.string())};
    }
    FileText read_so_far;
    char chunk[4096];
    for (;;) {
        const ssize_t n = ::read(fd.get(), chunk, sizeof chunk);
        if (n == 0) {
            return read_so_far;
        }
        if (n < 0 && errno != EINTR) {
            return {false, {}, describe_errno("cannot read the state file " + file.string())};
        }
        if (n > 0) {
            read_so_far.text.append(chunk, static_cast<std::size_t>(n));
        }
    }
}

std::string corrupt(const std::filesystem::path& file) {
    return "the state file " + file.string() + " is corrupt; treating it as empty";
}

// Holds the directory's lock until destroyed. The lock file is never renamed or removed, so
// every process locks the same inode, whatever happens to the state files beside it.
class DirectoryLock {
  public:
    explicit DirectoryLock(const std::filesystem::path& directory)
        : fd_(open((directory / kLockName).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
        if (fd_.get() < 0) {
            error_ = describe_errno("cannot open the lock file in " + directory.string());
            return;
        }
        // Another run may hold the lock for as long as it likes, and a signal must not wait
        // for it. A blocking flock could miss a signal that comes just before it, so the wait
        // polls the signal pipe between tries instead.
        while (flock(fd_.get(), LOCK_EX | LOCK_NB) != 0) {
            if (errno != EWOULDBLOCK && errno != EINTR) {
                error_ = describe_errno("cannot lock " + (directory / kLockName).string());
                return;
            }
            pollfd wakeup{signal_wakeup_fd(), POLLIN, 0};
            if (received_signal() != 0 || poll(&wakeup, 1, kLockRetryMillis) > 0) {
                error_ = "interrupted while waiting for the lock on " + directory.string();
                return;
            }
        }
    }

    /// Empty when the lock is held.
    const std::string& error() const { return error_; }

  private:
    FileDescriptor fd_;
    std::string error_;
};

std::string ensure_directory(const std::filesystem::path& directory) {
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error) {
        return "cannot create the state directory " + directory.string() + ": " + error.message();
    }
    return {};
}

}  // namespace

std::filesystem::path FileStateStore::file_for(const std::string& origin) const {
    // Origins come from origin_of: scheme://host:port.
    const auto scheme_end = origin.find("://");
    const auto port_start = origin.rfind(':');
    const std::string scheme = origin.substr(0, scheme_end);
    const std::string host = origin.substr(scheme_end + 3, port_start - scheme_end - 3);
    std::string name = escape_host(host);
    if (name.size() > kLongestHost) {
        name = name.substr(0, kLongestHost) + "~" + short_hash(origin);
    }
    return directory_ / (scheme + "_" + name + "_" + origin.substr(port_start + 1) + kSuffix);
}

void FileStateStore::warn_once(const std::string& key, const std::string& message) {
    if (warned_.insert(key).second) {
        log_warning(warnings_, message);
    }
}

OriginState FileStateStore::read(const std::filesystem::path& file, const std::string& origin,
                                 bool& intact) {
    intact = false;
    const FileText read = read_text(file);
    if (read.missing) {
        return {};
    }
    if (!read.error.empty()) {
        warn_once(file.string(), read.error + "; treating it as empty");
        return {};
    }
    const auto stored = parse_origin_state(read.text);
    if (!stored || stored->origin != origin) {
        warn_once(file.string(), corrupt(file));
        return {};
    }
    intact = read.text == serialize_origin_state(origin, stored->state);
    return stored->state;
}

void FileStateStore::update(const std::string& origin, const Change& change) {
    shared_ = false;
    if (const std::string problem = ensure_directory(directory_); !problem.empty()) {
        warn_once("directory", problem + "; runs will not share state");
        OriginState empty;
        change(empty, std::chrono::system_clock::now());
        return;
    }
    const DirectoryLock lock(directory_);
    // Read once the lock is held: a time read before it could be older than one that a run
    // holding the lock has just stored.
    const WallTime now = std::chrono::system_clock::now();
    if (!lock.error().empty()) {
        warn_once("lock", lock.error() + "; runs will not share state");
        OriginState empty;
        change(empty, now);
        return;
    }
    const std::filesystem::path file = file_for(origin);
    bool intact = false;
    OriginState state = read(file, origin, intact);
    const std::string before = serialize_origin_state(origin, state);
    change(state, now);
    const std::string after = serialize_origin_state(origin, state);
    if (intact && after == before) {
        shared_ = true;
        return;
    }
    const auto output = path_output(file.string(), false);
    const WriteStatus written = write_whole(*output, after);
    shared_ = written.ok();
    if (!written.ok()) {
        warn_once("write " + file.string(), written.error + "; runs will not share state");
    }
}

std::map<std::string, OriginState> FileStateStore::list() {
    std::map<std::string, OriginState> origins;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory_, error)) {
        if (!is_state_file(entry)) {
            continue;
        }
        // No lock: a state file is only ever replaced whole, never written in place.
        const FileText read = read_text(entry.path());
        if (read.missing) {
            continue;  // reset between the listing and the read
        }
        if (!read.error.empty()) {
            warn_once(entry.path().string(), read.error + "; treating it as empty");
        } else if (const auto stored = parse_origin_state(read.text)) {
            origins[stored->origin] = stored->state;
        } else {
            warn_once(entry.path().string(), corrupt(entry.path()));
        }
    }
    return origins;
}

bool FileStateStore::reset(const std::optional<std::string>& origin) {
    if (!std::filesystem::is_directory(directory_)) {
        return true;
    }
    const DirectoryLock lock(directory_);
    if (!lock.error().empty()) {
        warn_once("lock", lock.error());
        return false;
    }
    std::vector<std::filesystem::path> doomed;
    if (origin) {
        doomed.push_back(file_for(*origin));
    } else {
        std::error_code error;
        for (const auto& entry : std::filesystem::directory_iterator(directory_, error)) {
            if (is_state_file(entry)) {
                doomed.push_back(entry.path());
            }
        }
    }
    bool removed_all = true;
    for (const auto& file : doomed) {
        std::error_code error;
        std::filesystem::remove(file, error);
        if (error) {
            warn_once(file.string(), "cannot remove " + file.string() + ": " + error.message());
            removed_all = false;
        }
    }
    return removed_all;
}

}  // namespace rfetch
