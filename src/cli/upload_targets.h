#pragma once

#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "cli/config.h"
#include "cli/raw_options.h"

namespace rfetch {

/// The files of curl's -T PATTERN when it is a glob ({a,b}, [1-3], written as in a URL), in
/// the pattern's order; nullopt when it names one file, or with --globoff.
std::optional<std::vector<std::string>> upload_glob_files(const RawOptions& raw);

/// curl's -T: a URL that ends in '/' (or has no path) gets the file's name. With a glob, every
/// URL is sent each file in turn (the files in the pattern's order, the URLs in theirs), and
/// the first file that cannot be read ends the list there, as in curl: config.unread_upload
/// says why. Throws ReadError when the first file cannot be read, UsageError with -C.
void apply_upload_file(const RawOptions& raw, std::istream& stdin_stream, Config& config);

}  // namespace rfetch
