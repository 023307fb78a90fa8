#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rfetch {

/// The file name a Content-Disposition field value offers, read as curl's -J reads it: the
/// first `filename=` parameter (not `filename*=`), quoted with " or ' up to the closing quote
/// or unquoted up to ';', with any directory part ('/' or '\') taken off so that a server
/// cannot write outside the output directory. Nothing when there is no such parameter, or
/// when the name is empty, "." or "..".
std::optional<std::string> content_disposition_filename(std::string_view value);

}  // namespace rfetch
