#include "cli/form_body.h"

#include <array>
#include <filesystem>
#include <utility>

#include "cli/body_source.h"
#include "cli/usage_error.h"
#include "core/base/ascii.h"

namespace rfetch {
namespace {

struct FormPart {
    std::string name;
    std::string value;
    std::optional<std::string> filename;
    std::optional<std::string> type;
    std::vector<std::string> headers;
};

// The content type curl gives a file part by its name's extension (curl's own table).
std::string type_for(std::string_view filename) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kTypes{{
        {".gif", "image/gif"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".png", "image/png"},
        {".svg", "image/svg+xml"},
        {".txt", "text/plain"},
        {".htm", "text/html"},
        {".html", "text/html"},
        {".pdf", "application/pdf"},
        {".xml", "application/xml"},
    }};
    for (const auto& [extension, type] : kTypes) {
        if (filename.size() > extension.size() &&
            equals_ignoring_case(filename.substr(filename.size() - extension.size()), extension)) {
            return std::string(type);
        }
    }
    return "application/octet-stream";
}

// Splits "VALUE;type=T;filename=F" at the semicolons curl reads as attributes; a quoted value
// keeps its semicolons.
std::pair<std::string, std::vector<std::string>> split_attributes(std::string_view text) {
    std::string value;
    std::vector<std::string> attributes;
    std::string* current = &value;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"' && current == &value && value.empty() && !quoted && i == 0) {
            quoted = true;
        } else if (quoted && c == '\\' && i + 1 < text.size()) {
            current->push_back(text[++i]);
        } else if (quoted && c == '"') {
            quoted = false;
        } else if (!quoted && c == ';') {
            attributes.emplace_back();
            current = &attributes.back();
        } else {
            current->push_back(c);
        }
    }
    return {value, attributes};
}

FormPart parse_part(const FormField& field, std::istream& stdin_stream) {
    const std::string& text = field.text;
    const auto equals = text.find('=');
    // A value may be a secret: a message shows the part's name, never its value.
    if (equals == std::string::npos || equals == 0) {
        reject(field.literal ? "--form-string" : "--form", equals == 0 ? std::string("=...") : text,
               "is not a form part: use NAME=VALUE, NAME=@FILE or NAME=<FILE");
    }
    FormPart part;
    part.name = text.substr(0, equals);
    if (field.literal) {
        part.value = text.substr(equals + 1);
        return part;
    }
    std::string_view rest = std::string_view(text).substr(equals + 1);
    const char source = rest.empty() ? '\0' : rest.front();
    auto [value, attributes] =
        split_attributes(source == '@' || source == '<' ? rest.substr(1) : rest);
    if (source == '@' || source == '<') {
        part.value = read_body_argument("--form", "@" + value, stdin_stream);
        if (source == '@') {
            part.filename = value == "-" ? "-" : std::filesystem::path(value).filename().string();
        }
    } else {
        part.value = value;
    }
    for (const std::string& attribute : attributes) {
        if (attribute.starts_with("type=")) {
            part.type = attribute.substr(5);
        } else if (attribute.starts_with("filename=")) {
            part.filename = attribute.substr(9);
        } else if (attribute.starts_with("headers=")) {
            part.headers.push_back(attribute.substr(8));
        } else {
            reject("--form", part.name + "=...",
                   "has an attribute that is none of type=, filename= or headers= (quote a "
                   "value that holds a ';')");
        }
    }
    if (part.filename && !part.type) {
        part.type = type_for(*part.filename);
    }
    return part;
}

}  // namespace

FormBody build_form_body(const std::vector<FormField>& fields, const std::string& boundary,
                         std::istream& stdin_stream) {
    FormBody form;
    form.content_type = "multipart/form-data; boundary=" + boundary;
    for (const FormField& field : fields) {
        const FormPart part = parse_part(field, stdin_stream);
        form.body +=
            "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name + "\"";
        if (part.filename) {
            form.body += "; filename=\"" + *part.filename + "\"";
        }
        form.body += "\r\n";
        for (const std::string& header : part.headers) {
            form.body += header + "\r\n";
        }
        if (part.type) {
            form.body += "Content-Type: " + *part.type + "\r\n";
        }
        form.body += "\r\n" + part.value + "\r\n";
    }
    form.body += "--" + boundary + "--\r\n";
    return form;
}

}  // namespace rfetch
