#include "cli/form_body.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <utility>

#include "cli/form_encoding.h"
#include "cli/form_parts.h"
#include "cli/read_error.h"
#include "core/base/ascii.h"

namespace rfetch {
namespace {

constexpr std::string_view kFlag = "--form";

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() &&
           equals_ignoring_case(text.substr(0, prefix.size()), prefix);
}

// The content type libcurl gives a part by its name's extension (libcurl's own table).
std::optional<std::string> type_for(const std::optional<std::string>& filename) {
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
    if (!filename) {
        return std::nullopt;
    }
    for (const auto& [extension, type] : kTypes) {
        if (filename->size() >= extension.size() &&
            equals_ignoring_case(
                std::string_view(*filename).substr(filename->size() - extension.size()),
                extension)) {
            return std::string(type);
        }
    }
    return std::nullopt;
}

// POSIX basename(), which libcurl names a file part by: "dir/a.txt/" is "a.txt".
std::string base_name(std::string_view path) {
    while (path.size() > 1 && path.ends_with('/')) {
        path.remove_suffix(1);
    }
    const auto slash = path.rfind('/');
    return std::string(
        slash == std::string_view::npos || path.size() == 1 ? path : path.substr(slash + 1));
}

// A name or filename inside Content-Disposition's quotes, as libcurl escapes it.
std::string escaped(std::string_view text, bool backslash_escape) {
    std::string out;
    for (const char c : text) {
        if (backslash_escape && (c == '\\' || c == '"')) {
            out += {'\\', c};
        } else if (!backslash_escape && c == '"') {
            out += "%22";
        } else if (!backslash_escape && c == '\r') {
            out += "%0D";
        } else if (!backslash_escape && c == '\n') {
            out += "%0A";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string read_file(const std::string& path, std::istream& stdin_stream) {
    if (path == "-") {
        return {std::istreambuf_iterator<char>(stdin_stream), std::istreambuf_iterator<char>()};
    }
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        throw ReadError(std::string(kFlag) + ": cannot read '" + path +
                        "': " + std::strerror(errno));
    }
    std::string bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    if (file.bad()) {
        throw ReadError(std::string(kFlag) + ": error while reading '" + path + "'");
    }
    return bytes;
}

// curl's read_field_headers: one header a line; a line that starts with a blank continues the
// one before; '#' at the start of a line makes it a comment; CRs are dropped, trailing blanks
// too, and a header is cut at 998 characters.
void add_field_headers(std::string_view file, std::vector<std::string>& headers) {
    constexpr std::size_t kMaxHeader = 998;
    std::string header;
    bool in_comment = false;
    bool line_start = true;
    const auto flush = [&] {
        while (!header.empty() && std::isspace(static_cast<unsigned char>(header.back())) != 0) {
            header.pop_back();
        }
        if (!header.empty()) {
            headers.push_back(std::move(header));
            header.clear();
        }
    };
    for (const char c : file) {
        if (line_start && std::isspace(static_cast<unsigned char>(c)) == 0) {
            flush();
        }
        if (c == '\r') {
            continue;
        }
        if (c == '\n') {
            line_start = true;
            in_comment = false;
            continue;
        }
        if (line_start && c == '#') {
            in_comment = true;
        }
        line_start = false;
        if (!in_comment && header.size() < kMaxHeader) {
            header.push_back(c);
        }
    }
    flush();
}

// libcurl's match_header: the value of a "Name:" line, after its leading spaces.
std::optional<std::string> header_value(const std::vector<std::string>& headers,
                                        std::string_view name) {
    for (const std::string& header : headers) {
        if (starts_with_ignoring_case(header, name) && header.size() > name.size() &&
            header[name.size()] == ':') {
            const auto value = header.find_first_not_of(' ', name.size() + 1);
            return value == std::string::npos ? std::string() : header.substr(value);
        }
    }
    return std::nullopt;
}

// libcurl's content_type_match: `type` is `wanted`, maybe with parameters after it.
bool content_type_is(const std::optional<std::string>& type, std::string_view wanted) {
    return type && starts_with_ignoring_case(*type, wanted) &&
           (type->size() == wanted.size() ||
            std::string_view(" \t\r\n;").find((*type)[wanted.size()]) != std::string_view::npos);
}

class FormWriter {
  public:
    FormWriter(const FormSettings& settings, std::istream& stdin_stream)
        : settings_(settings), stdin_stream_(stdin_stream) {}

    // libcurl's multipart readback: each part after "--BOUNDARY", then "--BOUNDARY--".
    std::string multipart(const std::vector<FormPart>& parts, const std::string& boundary,
                          std::optional<std::string_view> disposition) {
        std::string body;
        for (const FormPart& part : parts) {
            body += (body.empty() ? "--" : "\r\n--") + boundary + "\r\n";
            body += written_part(part, disposition);
        }
        return body + (body.empty() ? "--" : "\r\n--") + boundary + "--\r\n";
    }

  private:
    // libcurl's Curl_mime_prepare_headers, then the part's content.
    std::string written_part(const FormPart& part, std::optional<std::string_view> disposition) {
        const std::vector<std::string> user = user_headers(part);
        const bool from_stdin = part.kind != FormPart::Kind::text && part.value == "-";
        // libcurl reads a file itself (MIMEKIND_FILE), and standard input through a callback.
        const bool file_kind = !from_stdin && (part.kind == FormPart::Kind::file ||
                                               part.kind == FormPart::Kind::contents);
        std::optional<std::string> filename = part.filename;
        if (!filename && part.kind == FormPart::Kind::file) {
            filename = from_stdin ? "-" : base_name(part.value);
        }
        std::optional<std::string> type = part.type;
        if (!type) {
            type = header_value(user, "Content-Type");
        }
        const bool custom_type = type.has_value();
        if (!type) {
            if (part.kind == FormPart::Kind::multipart) {
                type = "multipart/mixed";
            } else if (file_kind) {
                type = type_for(filename);
                if (!type) {
                    type = type_for(part.value);
                }
                if (!type && filename) {
                    type = "application/octet-stream";
                }
            } else {
                type = type_for(filename);
            }
        }
        std::string boundary;
        if (part.kind == FormPart::Kind::multipart) {
            boundary = settings_.new_boundary();
        } else if (!custom_type && content_type_is(type, "text/plain") && !filename) {
            // text/plain is the default for a part without a filename: libcurl leaves it out.
            type.reset();
        }

        std::string head;
        if (!header_value(user, "Content-Disposition")) {
            if (!disposition && (filename || part.name ||
                                 (type && !starts_with_ignoring_case(*type, "multipart/")))) {
                disposition = "attachment";
            }
            if (disposition && equals_ignoring_case(*disposition, "attachment") && !part.name &&
                !filename) {
                disposition.reset();
            }
            if (disposition) {
                head += "Content-Disposition: " + std::string(*disposition);
                if (part.name) {
                    head += "; name=\"" + escaped(*part.name, settings_.backslash_escape) + "\"";
                }
                if (filename) {
                    head += "; filename=\"" + escaped(*filename, settings_.backslash_escape) + "\"";
                }
                head += "\r\n";
            }
        }
        if (type) {
            head += "Content-Type: " + *type +
                    (boundary.empty() ? std::string() : "; boundary=" + boundary) + "\r\n";
        }
        if (part.encoder && !header_value(user, "Content-Transfer-Encoding")) {
            head += "Content-Transfer-Encoding: " + *part.encoder + "\r\n";
        }
        for (const std::string& header : user) {
            if (!header_value({header}, "Content-Type")) {
                head += header + "\r\n";
            }
        }
        head += "\r\n";
        if (part.kind == FormPart::Kind::multipart) {
            return head + multipart(part.parts, boundary,
                                    content_type_is(type, "multipart/form-data")
                                        ? std::optional<std::string_view>("form-data")
                                        : std::nullopt);
        }
        return head + content(part);
    }

    std::vector<std::string> user_headers(const FormPart& part) {
        std::vector<std::string> headers;
        for (const FormPartHeader& header : part.headers) {
            if (header.from_file) {
                add_field_headers(read_file(header.text, stdin_stream_), headers);
            } else {
                headers.push_back(header.text);
            }
        }
        return headers;
    }

    std::string content(const FormPart& part) {
        std::string bytes =
            part.kind == FormPart::Kind::text ? part.value : read_file(part.value, stdin_stream_);
        if (!part.encoder) {
            return bytes;
        }
        auto encoded = encode_form_content(*part.encoder, bytes);
        if (!encoded) {
            throw ReadError(std::string(kFlag) + ": '" + part.name.value_or("") +
                            "=...' has a byte above 127, which ;encoder=7bit cannot send");
        }
        return std::move(*encoded);
    }

    const FormSettings& settings_;
    std::istream& stdin_stream_;
};

}  // namespace

FormBody build_form_body(const std::vector<FormField>& fields, const FormSettings& settings,
                         std::istream& stdin_stream) {
    const FormPart root = parse_form_fields(fields);
    const std::optional<std::string> type =
        settings.content_type ? std::optional(std::string(trim_whitespace(*settings.content_type)))
                              : std::nullopt;
    const std::string boundary = settings.new_boundary();
    FormWriter writer(settings, stdin_stream);
    FormBody form;
    form.body = writer.multipart(root.parts, boundary,
                                 !type || content_type_is(type, "multipart/form-data")
                                     ? std::optional<std::string_view>("form-data")
                                     : std::nullopt);
    form.content_type = type.value_or("multipart/form-data") + "; boundary=" + boundary;
    return form;
}

}  // namespace rfetch
