#include "cli/upload_targets.h"

#include <filesystem>
#include <memory>

#include "cli/body_source.h"
#include "cli/read_error.h"
#include "cli/url_glob.h"
#include "cli/usage_error.h"

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

}  // namespace

std::optional<std::vector<std::string>> upload_glob_files(const RawOptions& raw) {
    if (!raw.upload_file || raw.globoff) {
        return std::nullopt;
    }
    const std::vector<GlobbedUrl> expanded = expand_url_glob(*raw.upload_file, "--upload-file");
    if (expanded.size() == 1 && expanded.front().choices.empty()) {
        return std::nullopt;
    }
    std::vector<std::string> files;
    files.reserve(expanded.size());
    for (const GlobbedUrl& file : expanded) {
        files.push_back(file.url);
    }
    return files;
}

void apply_upload_file(const RawOptions& raw, std::istream& stdin_stream, Config& config) {
    if (!raw.upload_file) {
        return;
    }
    const auto files = upload_glob_files(raw);
    if (!files) {
        for (Target& target : config.targets) {
            name_uploaded_file(*raw.upload_file, target);
        }
        return;
    }
    if (raw.continue_at) {
        throw UsageError("--continue-at cannot resume the files of an --upload-file glob");
    }
    if (files->size() * config.targets.size() > kMaxUploads) {
        reject("--upload-file", *raw.upload_file,
               "makes more than 100000 uploads with the URLs given");
    }
    std::vector<Target> targets;
    for (const std::string& file : *files) {
        std::shared_ptr<const std::string> bytes;
        try {
            bytes = std::make_shared<const std::string>(
                read_body_argument("--upload-file", "@" + file, stdin_stream));
        } catch (const ReadError& error) {
            // As curl, the files before it are uploaded and the run then fails with a read
            // error; when the first file cannot be read, nothing is sent.
            if (targets.empty()) {
                throw;
            }
            config.unread_upload = error.what();
            break;
        }
        for (const Target& target : config.targets) {
            Target upload = target;
            upload.upload = bytes;
            name_uploaded_file(file, upload);
            targets.push_back(std::move(upload));
        }
    }
    config.targets = std::move(targets);
}

}  // namespace rfetch
