#include "cli/body_source.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "cli/usage_error.h"

namespace rfetch {
namespace {

std::string read_all(std::istream& in) {
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
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
        throw UsageError(std::string(flag) + ": cannot read '" + path +
                         "': " + std::strerror(errno));
    }
    std::string body = read_all(file);
    if (file.bad()) {
        throw UsageError(std::string(flag) + ": error while reading '" + path + "'");
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
        body += read_body_argument(json ? "--json" : "--data", pieces[i].argument, stdin_stream);
    }
    return body;
}

}  // namespace rfetch
