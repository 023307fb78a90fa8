#pragma once

#include <istream>
#include <string>
#include <vector>

namespace rfetch {

/// The arguments a curl config file (curl's -K) stands for, in its order: one option a line,
/// written with or without its dashes ("silent", "--silent", "-s"), its value after
/// whitespace, '=' or ':', in double quotes (with \" \\ \t \n \r \v escapes) or up to the next
/// whitespace; '#' starts a comment line. `url = URL` gives a URL, as --url does; `next` is
/// --next, and `config = FILE` is curl's -K FILE (not rfetch's TOML --config).
std::vector<std::string> read_curl_config(std::istream& in);

/// `args` with each -K FILE (-KFILE, --curl-config FILE) replaced by the arguments of FILE, read as
/// curl reads it, its own -K lines expanded in turn; -K - reads standard input. Throws
/// UsageError naming -K when a file cannot be read, or when files read each other 16 deep.
std::vector<std::string> with_curl_configs_expanded(const std::vector<std::string>& args,
                                                    std::istream& stdin_stream);

}  // namespace rfetch
