#include "cli/form_parts.h"

#include <string_view>

#include "cli/form_encoding.h"
#include "cli/usage_error.h"
#include "core/base/ascii.h"

namespace rfetch {
namespace {

constexpr std::string_view kFlag = "--form";

// curl's ISSPACE.
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() &&
           equals_ignoring_case(text.substr(0, prefix.size()), prefix);
}

// What one part's text says, as curl's get_param_part reads it: the value, then the attributes
// after each ';'.
struct PartText {
    std::string value;
    std::optional<std::string> type;
    std::optional<std::string> filename;
    std::optional<std::string> encoder;
    std::vector<FormPartHeader> headers;
};

// The attributes a kind of part may carry; curl drops the others with a warning, rfetch
// refuses them.
struct Allowed {
    bool filename = true;
    bool encoder = true;
};

// Reads one -F value with curl 7.88's tool_formparse.c grammar. `shown` names the part in a
// message: its name, never its value, which may be a secret.
class PartReader {
  public:
    PartReader(std::string_view text, std::size_t at, std::string shown)
        : text_(text), at_(at), shown_(std::move(shown)) {}

    // curl's get_param_part: the value up to `end` (or the end), and its attributes.
    PartText part(char end, Allowed allowed) {
        skip_spaces();
        PartText part;
        part.value = trimmed_word(end);
        std::size_t type_start = 0;
        std::size_t type_end = 0;
        bool type_open = false;
        const auto close_type = [&] {
            if (type_open) {
                part.type = std::string(text_.substr(type_start, type_end - type_start));
                type_open = false;
            }
        };
        while (at_ < text_.size() && text_[at_] == ';') {
            ++at_;
            skip_spaces();
            const std::string_view rest = text_.substr(at_);
            if (!type_open && starts_with_ignoring_case(rest, "type=")) {
                at_ += 5;
                skip_spaces();
                type_start = at_;
                skip_type();
                type_end = at_;
                extend_type(end, type_end);
                type_open = true;
            } else if (starts_with_ignoring_case(rest, "filename=")) {
                close_type();
                at_ += 9;
                skip_spaces();
                part.filename = trimmed_word(end);
                if (!allowed.filename) {
                    refuse("has ;filename=, which only a NAME=VALUE or NAME=@FILE part takes");
                }
            } else if (starts_with_ignoring_case(rest, "headers=")) {
                close_type();
                at_ += 8;
                const bool from_file =
                    at_ < text_.size() && (text_[at_] == '@' || text_[at_] == '<');
                if (from_file) {
                    ++at_;
                }
                skip_spaces();
                part.headers.push_back({from_file, trimmed_word(end)});
            } else if (starts_with_ignoring_case(rest, "encoder=")) {
                close_type();
                at_ += 8;
                skip_spaces();
                part.encoder = encoder_named(trimmed_word(end));
                if (!allowed.encoder) {
                    refuse("has ;encoder=, which a multipart does not take");
                }
            } else if (type_open) {
                // After ;type=, any other attribute belongs to the type: ;type=text/x;charset=y.
                type_end = at_;
                extend_type(end, type_end);
            } else if (!word(end).text.empty()) {
                refuse(
                    "has an attribute that is none of type=, filename=, headers= or encoder= "
                    "(quote a value that holds a ';')");
            }
        }
        close_type();
        return part;
    }

    // After a part of an @A,B list: whether another file follows (the reader is then on it).
    bool next_file() {
        if (at_ < text_.size() && text_[at_] == ',') {
            ++at_;
            return true;
        }
        return false;
    }

  private:
    struct Word {
        std::string text;
        bool quoted = false;
    };

    [[noreturn]] void refuse(std::string_view why) const { reject(kFlag, shown_, why); }

    void skip_spaces() {
        while (at_ < text_.size() && is_space(text_[at_])) {
            ++at_;
        }
    }

    // curl's get_param_word: a word in double quotes, where \\ and \" stand for \ and ", or
    // else up to the next ';' or `end`. A quote that is never closed is only a character.
    Word word(char end) {
        if (at_ < text_.size() && text_[at_] == '"') {
            std::string value;
            for (std::size_t i = at_ + 1; i < text_.size(); ++i) {
                if (text_[i] == '\\' && i + 1 < text_.size() &&
                    (text_[i + 1] == '\\' || text_[i + 1] == '"')) {
                    value.push_back(text_[++i]);
                } else if (text_[i] == '"') {
                    at_ = i + 1;
                    while (at_ < text_.size() && text_[at_] != ';' && text_[at_] != end) {
                        if (!is_space(text_[at_])) {
                            // curl drops such text with a warning.
                            refuse("has text after a closing quote");
                        }
                        ++at_;
                    }
                    return {value, true};
                } else {
                    value.push_back(text_[i]);
                }
            }
        }
        const std::size_t start = at_;
        while (at_ < text_.size() && text_[at_] != ';' && text_[at_] != end) {
            ++at_;
        }
        return {std::string(text_.substr(start, at_ - start)), false};
    }

    // A word whose trailing blanks are dropped unless it was quoted.
    std::string trimmed_word(char end) {
        Word found = word(end);
        while (!found.quoted && !found.text.empty() && is_space(found.text.back())) {
            found.text.pop_back();
        }
        return found.text;
    }

    // curl checks a type with sscanf("%127[^/ ]/%127[^;, \n]"): a major and a minor name.
    void skip_type() {
        constexpr std::size_t kMaxName = 127;
        const std::size_t major = at_;
        while (at_ < text_.size() && text_[at_] != '/' && text_[at_] != ' ' &&
               at_ - major < kMaxName) {
            ++at_;
        }
        const bool has_major = at_ > major && at_ < text_.size() && text_[at_] == '/';
        const std::size_t minor = ++at_;
        while (at_ < text_.size() &&
               std::string_view("; ,\n").find(text_[at_]) == std::string_view::npos) {
            ++at_;
        }
        if (!has_major || at_ == minor) {
            refuse("has a ;type= that is not TYPE/SUBTYPE");
        }
    }

    // The type runs on to the next ';' or `end`, without its trailing blanks.
    void extend_type(char end, std::size_t& type_end) {
        for (; at_ < text_.size() && text_[at_] != ';' && text_[at_] != end; ++at_) {
            if (!is_space(text_[at_])) {
                type_end = at_ + 1;
            }
        }
    }

    std::string encoder_named(const std::string& name) const {
        const auto encoder = form_encoder_named(name);
        if (!encoder) {
            refuse(
                "has an ;encoder= that is none of binary, 8bit, 7bit, base64 or "
                "quoted-printable");
        }
        return std::string(*encoder);
    }

    std::string_view text_;
    std::size_t at_;
    std::string shown_;
};

FormPart part_of(FormPart::Kind kind, PartText text) {
    FormPart part;
    part.kind = kind;
    part.value = std::move(text.value);
    part.type = std::move(text.type);
    part.filename = std::move(text.filename);
    part.encoder = std::move(text.encoder);
    part.headers = std::move(text.headers);
    return part;
}

// NAME=@A;type=T,B: one file part, or a multipart/mixed of several, as curl still sends them.
FormPart file_parts(PartReader& reader) {
    std::vector<FormPart> files;
    do {
        files.push_back(part_of(FormPart::Kind::file, reader.part(',', {})));
    } while (reader.next_file());
    if (files.size() == 1) {
        return std::move(files.front());
    }
    FormPart group;
    group.kind = FormPart::Kind::multipart;
    group.parts = std::move(files);
    return group;
}

}  // namespace

FormPart parse_form_fields(const std::vector<FormField>& fields) {
    FormPart root;
    root.kind = FormPart::Kind::multipart;
    // The multiparts NAME=( opened and not yet closed by =). Only the innermost one grows, so
    // the pointers into its ancestors' parts stay valid.
    std::vector<FormPart*> open{&root};
    for (const FormField& field : fields) {
        const std::string_view text = field.text;
        const auto equals = text.find('=');
        if (equals == std::string_view::npos) {
            reject(field.literal ? "--form-string" : kFlag, text,
                   "is not a form part: use NAME=VALUE, NAME=@FILE or NAME=<FILE");
        }
        std::optional<std::string> name;
        if (equals > 0) {
            name = std::string(text.substr(0, equals));
        }
        const std::string_view contents = text.substr(equals + 1);
        const bool from_file =
            !field.literal && (contents.starts_with('@') || contents.starts_with('<'));
        PartReader reader(text, equals + (from_file ? 2 : 1), name.value_or("") + "=...");
        FormPart& current = *open.back();
        FormPart part;
        if (field.literal) {
            part.value = std::string(contents);
        } else if (contents.starts_with('(')) {
            part = part_of(FormPart::Kind::multipart, reader.part('\0', {false, false}));
            part.value.clear();
        } else if (!name && contents == ")") {
            if (open.size() == 1) {
                reject(kFlag, text, "closes no multipart: open one with NAME=(");
            }
            open.pop_back();
            continue;
        } else if (contents.starts_with('@')) {
            part = file_parts(reader);
        } else if (contents.starts_with('<')) {
            part = part_of(FormPart::Kind::contents, reader.part('\0', {false, true}));
        } else {
            part = part_of(FormPart::Kind::text, reader.part('\0', {}));
        }
        part.name = std::move(name);
        const bool opens =
            part.kind == FormPart::Kind::multipart && !field.literal && contents.starts_with('(');
        current.parts.push_back(std::move(part));
        if (opens) {
            open.push_back(&current.parts.back());
        }
    }
    return root;
}

}  // namespace rfetch
