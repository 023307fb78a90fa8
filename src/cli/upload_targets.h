#pragma once

#include <istream>

#include "cli/config.h"
#include "cli/raw_options.h"

namespace rfetch {

/// Whether any -T names a file (an empty -T uploads nothing).
bool uploads_any_file(const RawOptions& raw);

/// curl's -T, each bound to one URL as given, in order (see Target::given): that URL's targets
/// send the file, PUT (or -X's method), and a URL that ends in '/' (or has no path) gets the
/// file's name; a URL without a -T is fetched as with none. A glob ({a,b}, [1-3], written as in
/// a URL) sends each of its files to every URL its URL argument makes, file by file. The first
/// file that cannot be read ends the targets there, as in curl: config.unread_upload says why.
/// Throws ReadError when it is the first target's, UsageError for a glob with -C.
void apply_upload_files(const RawOptions& raw, std::istream& stdin_stream, Config& config);

}  // namespace rfetch
