#include "cli/body_source.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ios>
#include <iterator>
#include <system_error>

#include "cli/read_error.h"

namespace rfetch {
namespace {

std::string read_all(std::istream& in) {
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// As curl_easy_escape: the unreserved characters of RFC 3986 stay, every other byte is %XX.
std::string url_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string encoded;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
            encoded.push_back(c);
        } else {
            encoded += {'%', kHex[byte >> 4], kHex[byte & 0x0F]};
        }
    }
    return encoded;
}

// curl's --data-urlencode: CONTENT, =CONTENT, NAME=CONTENT, @FILE or NAME@FILE. The first '='
// splits a name off; without one, the first '@' does and names a file to read.
std::string url_encoded_piece(std::string_view argument, std::istream& stdin_stream) {
    auto split = argument.find('=');
    if (split == std::string_view::npos) {
        split = argument.find('@');
    }
    if (split == std::string_view::npos) {
        return url_encode(argument);
    }
    const std::string_view name = argument.substr(0, split);
    const std::string content =
        argument[split] == '@'
            ? read_body_argument("--data-urlencode", argument.substr(split), stdin_stream)
            : std::string(argument.substr(split + 1));
    return name.empty() ? url_encode(content) : std::string(name) + "=" + url_encode(content);
}

std::string body_piece(const BodyPiece& piece, std::istream& stdin_stream) {
    switch (piece.kind) {
        case BodyPiece::Kind::json:
            return read_body_argument("--json", piece.argument, stdin_stream);
        case BodyPiece::Kind::raw:
            return piece.argument;
        case BodyPiece::Kind::urlencode:
            return url_encoded_piece(piece.argument, stdin_stream);
        case BodyPiece::Kind::data:
            break;
    }
    return read_body_argument("--data", piece.argument, stdin_stream);
}

}  // namespace

std::string read_body_argument(std::string_view flag, std::string_view argument,
                               std::istream& stdin_stream) {
    if (!argument.starts_with('@')) {
        return std::string(argument);
    }
    const std::string path(argument.substr(1));
    if (path == "-") {
        return read_all(stdin_stream);
    }
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        throw ReadError(std::string(flag) + ": cannot read '" + path +
                        "': " + std::strerror(errno));
    }
    // A directory opens, and libstdc++ throws at the first read of it, as at any read error.
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
        throw ReadError(std::string(flag) + ": cannot read '" + path + "': it is a directory");
    }
    std::string body;
    try {
        body = read_all(file);
    } catch (const std::ios_base::failure&) {
        file.setstate(std::ios::badbit);
    }
    if (file.bad()) {
        throw ReadError(std::string(flag) + ": error while reading '" + path + "'");
    }
    return body;
}

std::optional<std::string> join_body(const std::vector<BodyPiece>& pieces,
                                     std::istream& stdin_stream) {
    if (pieces.empty()) {
        return std::nullopt;
    }
    std::string body;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const bool json = pieces[i].kind == BodyPiece::Kind::json;
        if (i > 0 && !json) {
            body.push_back('&');
        }
        body += body_piece(pieces[i], stdin_stream);
    }
    return body;
}

}  // namespace rfetch
