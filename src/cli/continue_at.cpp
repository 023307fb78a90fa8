#include "cli/continue_at.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>

#include "cli/usage_error.h"

namespace rfetch {
namespace {

// The offset, or nullopt for "-": the output file's size.
std::optional<std::uint64_t> parse_offset(const std::string& text) {
    if (text == "-") {
        return std::nullopt;
    }
    std::uint64_t offset = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), offset);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
        reject("--continue-at", text,
               "is not a byte offset: use a whole number, or - for the "
               "size of the --output file");
    }
    // libcurl takes a signed 64-bit offset: a larger one would wrap to a negative Range.
    if (offset > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        reject("--continue-at", text, "is past the largest byte offset, 9223372036854775807");
    }
    return offset;
}

std::uint64_t size_of(const std::optional<std::string>& output) {
    std::error_code error;
    const auto size = output ? std::filesystem::file_size(*output, error) : 0;
    return error ? 0 : size;
}

// As libcurl does for a PUT or POST that resumes: the first OFFSET bytes stay behind, and
// Content-Range says where the rest goes; -C - sends every byte and says so.
void resume_upload(std::optional<std::uint64_t> offset, Upload& upload) {
    const std::uint64_t size = upload.bytes->size();
    const std::uint64_t from = offset.value_or(0);
    if (from > size) {
        reject("--continue-at", std::to_string(from),
               "is past the end of the " + std::to_string(size) + "-byte upload");
    }
    // curl fails such a run with "already completely uploaded" once connected; nothing would
    // be left to send, so it is refused here, as an offset past the end is.
    if (from == size && from > 0) {
        reject("--continue-at", std::to_string(from),
               "is the end of the " + std::to_string(size) +
                   "-byte upload: it is already completely uploaded");
    }
    if ((offset && from == 0) || size == 0) {
        return;
    }
    upload.headers.push_back({"Content-Range", "bytes " + std::to_string(from) + "-" +
                                                   std::to_string(size - 1) + "/" +
                                                   std::to_string(size)});
    upload.bytes = std::make_shared<const std::string>(upload.bytes->substr(from));
}

}  // namespace

void apply_continue_at(const std::string& text, Config& config) {
    const std::optional<std::uint64_t> offset = parse_offset(text);
    if (config.request.body) {
        throw UsageError(
            "--continue-at resumes a download or an --upload-file, not a body of "
            "--data or --form");
    }
    // As curl's -C, which each transfer takes: a URL with a -T resumes its upload, one
    // without it its download.
    for (Target& target : config.targets) {
        if (target.upload) {
            resume_upload(offset, *target.upload);
        } else {
            target.resume_from = offset.value_or(size_of(target.output));
        }
    }
}

}  // namespace rfetch
