#include "cli/curl_config.h"

#include <cctype>
#include <fstream>
#include <optional>

#include "cli/usage_error.h"

namespace rfetch {
namespace {

bool is_space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// A double-quoted value from just after its opening quote, as curl's unslashquote reads it.
std::string quoted_value(std::string_view text) {
    std::string value;
    for (std::size_t i = 0; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            switch (text[++i]) {
                case 't':
                    value.push_back('\t');
                    break;
                case 'n':
                    value.push_back('\n');
                    break;
                case 'r':
                    value.push_back('\r');
                    break;
                case 'v':
                    value.push_back('\v');
                    break;
                default:
                    value.push_back(text[i]);
            }
        } else {
            value.push_back(text[i]);
        }
    }
    return value;
}

void read_line(std::string_view line, std::vector<std::string>& args) {
    std::size_t at = 0;
    while (at < line.size() && is_space(line[at])) {
        ++at;
    }
    if (at == line.size() || line[at] == '#') {
        return;
    }
    const std::size_t name_start = at;
    while (at < line.size() && !is_space(line[at]) && line[at] != '=' && line[at] != ':') {
        ++at;
    }
    const std::string name(line.substr(name_start, at - name_start));
    // In curl's own config, --config is curl's -K: another file of the same syntax, not
    // rfetch's TOML.
    if (name == "config" || name == "--config") {
        args.emplace_back("-K");
    } else {
        args.push_back(name.starts_with('-') ? name : "--" + name);
    }
    while (at < line.size() && is_space(line[at])) {
        ++at;
    }
    if (at < line.size() && (line[at] == '=' || line[at] == ':')) {
        ++at;
        while (at < line.size() && is_space(line[at])) {
            ++at;
        }
    }
    if (at == line.size()) {
        return;
    }
    if (line[at] == '"') {
        args.push_back(quoted_value(line.substr(at + 1)));
        return;
    }
    std::size_t end = at;
    while (end < line.size() && !is_space(line[end])) {
        ++end;
    }
    args.emplace_back(line.substr(at, end - at));
}

std::vector<std::string> read_curl_config_file(const std::string& path,
                                               std::istream& stdin_stream) {
    if (path == "-") {
        return read_curl_config(stdin_stream);
    }
    std::ifstream file(path);
    if (!file) {
        reject("-K", path, "cannot be read: not a readable curl config file");
    }
    return read_curl_config(file);
}

}  // namespace

std::vector<std::string> read_curl_config(std::istream& in) {
    std::vector<std::string> args;
    std::string line;
    while (std::getline(in, line)) {
        if (line.ends_with('\r')) {
            line.pop_back();
        }
        read_line(line, args);
    }
    return args;
}

namespace {

// Deeper than this, files that read each other would never end.
constexpr int kMaxConfigDepth = 16;

std::vector<std::string> expanded_at(const std::vector<std::string>& args,
                                     std::istream& stdin_stream, int depth) {
    std::vector<std::string> expanded;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--") {
            expanded.insert(expanded.end(), args.begin() + static_cast<std::ptrdiff_t>(i),
                            args.end());
            break;
        }
        std::optional<std::string> file;
        if (args[i] == "-K" || args[i] == "--curl-config") {
            if (i + 1 == args.size()) {
                throw UsageError(args[i] + ": needs a value");
            }
            file = args[++i];
        } else if (args[i].starts_with("--curl-config=")) {
            file = args[i].substr(14);
        } else if (args[i].starts_with("-K")) {
            file = args[i].substr(2);
        }
        if (!file) {
            expanded.push_back(args[i]);
            continue;
        }
        if (depth == kMaxConfigDepth) {
            reject("-K", *file,
                   "is read " + std::to_string(kMaxConfigDepth) +
                       " files deep: config files that read each other");
        }
        // A file's own config lines (curl's -K, --config) read further files, as in curl.
        const std::vector<std::string> from_file =
            expanded_at(read_curl_config_file(*file, stdin_stream), stdin_stream, depth + 1);
        expanded.insert(expanded.end(), from_file.begin(), from_file.end());
    }
    return expanded;
}

}  // namespace

std::vector<std::string> with_curl_configs_expanded(const std::vector<std::string>& args,
                                                    std::istream& stdin_stream) {
    return expanded_at(args, stdin_stream, 0);
}

}  // namespace rfetch
