#pragma once

#include <istream>
#include <string>
#include <vector>

#include "cli/raw_options.h"

namespace rfetch {

/// A multipart/form-data body (RFC 7578) built from curl's -F parts, read once so that every
/// attempt sends the same bytes.
struct FormBody {
    std::string content_type;
    std::string body;
};

/// Builds the body of `fields`, each as curl's -F takes it: NAME=VALUE, NAME=@FILE (a file
/// part), NAME=<FILE (the file's bytes as the value), with ;type=, ;filename= and ;headers=
/// after it; a --form-string field is NAME=VALUE as it is. `boundary` separates the parts.
/// Throws UsageError naming --form.
FormBody build_form_body(const std::vector<FormField>& fields, const std::string& boundary,
                         std::istream& stdin_stream);

}  // namespace rfetch
