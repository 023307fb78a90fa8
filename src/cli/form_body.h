#pragma once

#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "cli/raw_options.h"

namespace rfetch {

/// A multipart body (RFC 7578) built from curl's -F parts, read once so that every attempt
/// sends the same bytes.
struct FormBody {
    /// The request's Content-Type, with the boundary.
    std::string content_type;
    std::string body;
};

/// What shapes a form besides its parts.
struct FormSettings {
    /// curl's --form-escape: a name or filename escapes '"' and '\' with a backslash, where
    /// by default '"', CR and LF become %22, %0D and %0A (the HTML living standard's rule).
    bool backslash_escape = false;
    /// A Content-Type given with -H: the form takes it, with the boundary, as curl does; its
    /// parts are form-data only when it is multipart/form-data.
    std::optional<std::string> content_type;
    /// A new boundary for each multipart: the body's and each nested one's.
    std::function<std::string()> new_boundary;
};

/// Builds the body of `fields` as curl 7.88 sends it: NAME=VALUE, NAME=@FILE (a file part),
/// NAME=@A,B (a multipart/mixed of files), NAME=<FILE (the file's bytes as the value),
/// NAME=( ... =) (a nested multipart), with ;type=, ;filename=, ;headers= and ;encoder=; a
/// --form-string field is NAME=VALUE as it is. Throws UsageError for a part that is not
/// well formed and ReadError for a file that cannot be read, both naming --form.
FormBody build_form_body(const std::vector<FormField>& fields, const FormSettings& settings,
                         std::istream& stdin_stream);

}  // namespace rfetch
