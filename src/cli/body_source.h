#pragma once

#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/raw_options.h"

namespace rfetch {

/// Reads a --data or --json argument: the text itself, @FILE, or @- for standard input.
/// Unlike curl's --data, newlines are kept: the body goes out exactly as it was read.
/// Throws ReadError naming `flag` when a file cannot be read.
std::string read_body_argument(std::string_view flag, std::string_view argument,
                               std::istream& stdin_stream);

/// The body of every -d and --json in order, joined as curl joins them: a -d piece after
/// another piece is preceded by '&', a --json piece is appended as it is. Nullopt without any.
/// Unlike curl, which sends a piece whose @FILE cannot be opened as empty, this throws
/// UsageError: a request with a body other than the one asked for is never sent.
std::optional<std::string> join_body(const std::vector<BodyPiece>& pieces,
                                     std::istream& stdin_stream);

}  // namespace rfetch
