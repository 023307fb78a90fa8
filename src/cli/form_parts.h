#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/raw_options.h"

namespace rfetch {

/// One ;headers= of a form part: a header line, or a file of them (;headers=@FILE).
struct FormPartHeader {
    bool from_file = false;
    std::string text;
};

/// A part of curl's -F tree, as typed: nothing is read yet.
struct FormPart {
    /// multipart: NAME=( ... =) or NAME=@A,B; text: NAME=VALUE; file: NAME=@FILE (a file
    /// part, named after FILE); contents: NAME=<FILE (FILE's bytes as the value). A path "-"
    /// is standard input.
    enum class Kind { multipart, text, file, contents };
    Kind kind = Kind::text;
    /// None for "=VALUE": curl sends such a part without a name.
    std::optional<std::string> name;
    /// The text, or the path of the file.
    std::string value;
    std::optional<std::string> filename;
    std::optional<std::string> type;
    std::optional<std::string> encoder;
    std::vector<FormPartHeader> headers;
    /// A multipart's parts, in order.
    std::vector<FormPart> parts;
};

/// The parts of every -F and --form-string in `fields`, read with curl 7.88's grammar: the
/// root is a multipart whose parts are the top-level ones. Throws UsageError naming --form.
FormPart parse_form_fields(const std::vector<FormField>& fields);

}  // namespace rfetch
