#include "cli/upload_targets.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <span>

#include "cli/body_source.h"
#include "cli/read_error.h"
#include "cli/url_glob.h"
#include "cli/usage_error.h"
#include "core/base/ascii.h"

namespace rfetch {
namespace {

constexpr std::size_t kMaxUploads = 100'000;

// curl's -T to a URL that ends in '/' (or has no path) names the file after the uploaded one.
void name_uploaded_file(const std::string& file, Target& target) {
    const std::string name = std::filesystem::path(file).filename().string();
    if (file == "-" || name.empty()) {
        return;
    }
    const auto authority = target.url.find("://");
    const auto path = target.url.find('/', authority == std::string::npos ? 0 : authority + 3);
    const auto end = target.url.find_first_of("?#");
    if (path == std::string::npos && end == std::string::npos) {
        target.url += "/" + name;
    } else if (path != std::string::npos && end == std::string::npos && target.url.ends_with('/')) {
        target.url += name;
    }
}

// The files of a -T PATTERN: each of its glob's, in the pattern's order, or the one it names
// (with --globoff, or without a glob).
std::vector<std::string> files_of(const std::string& pattern, bool globoff) {
    if (globoff) {
        return {pattern};
    }
    const std::vector<GlobbedUrl> expanded = expand_url_glob(pattern, "--upload-file");
    if (expanded.size() == 1 && expanded.front().choices.empty()) {
        return {pattern};
    }
    std::vector<std::string> files;
    files.reserve(expanded.size());
    for (const GlobbedUrl& file : expanded) {
        files.push_back(file.url);
    }
    return files;
}

// The targets of one URL as given (they are adjacent, in order), from `first` on.
std::span<const Target> targets_given_with(const std::vector<Target>& targets, std::size_t first) {
    std::size_t end = first;
    while (end < targets.size() && targets[end].given == targets[first].given) {
        ++end;
    }
    return std::span<const Target>(targets).subspan(first, end - first);
}

}  // namespace

bool uploads_any_file(const RawOptions& raw) {
    return std::ranges::any_of(raw.upload_files,
                               [](const std::string& file) { return !file.empty(); });
}

void apply_upload_files(const RawOptions& raw, std::istream& stdin_stream, Config& config) {
    if (!uploads_any_file(raw)) {
        return;
    }
    Upload upload;
    upload.method = raw.method.value_or("PUT");
    // curl's upload has no Content-Type; an empty header keeps libcurl from adding one.
    if (std::ranges::none_of(config.request.headers, [](const Header& header) {
            return equals_ignoring_case(header.name, "Content-Type");
        })) {
        upload.headers.push_back({"Content-Type", ""});
    }
    std::vector<Target> targets;
    for (std::size_t first = 0; first < config.targets.size();) {
        const std::span<const Target> given = targets_given_with(config.targets, first);
        first += given.size();
        const std::size_t place = given.front().given;
        if (place >= raw.upload_files.size() || raw.upload_files[place].empty()) {
            targets.insert(targets.end(), given.begin(), given.end());
            continue;
        }
        const std::vector<std::string> files = files_of(raw.upload_files[place], raw.globoff);
        if (files.size() > 1 && raw.continue_at) {
            throw UsageError("--continue-at cannot resume the files of an --upload-file glob");
        }
        if (targets.size() + files.size() * given.size() > kMaxUploads) {
            reject("--upload-file", raw.upload_files[place],
                   "makes more than 100000 uploads with the URLs given");
        }
        for (const std::string& file : files) {
            try {
                upload.bytes = std::make_shared<const std::string>(
                    read_body_argument("--upload-file", "@" + file, stdin_stream));
            } catch (const ReadError& error) {
                // As curl, the targets before it are fetched and the run then fails with a
                // read error; when the first target's file cannot be read, nothing is sent.
                if (targets.empty()) {
                    throw;
                }
                config.unread_upload = error.what();
                config.targets = std::move(targets);
                return;
            }
            for (const Target& target : given) {
                Target sending = target;
                sending.upload = upload;
                name_uploaded_file(file, sending);
                targets.push_back(std::move(sending));
            }
        }
    }
    config.targets = std::move(targets);
}

}  // namespace rfetch
