#pragma once

#include <cstdlib>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/config.h"
#include "cli/raw_options.h"

namespace rfetch {

/// Reads one environment variable; nullopt when it is unset.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;

/// Says what is wrong with a URL, or nullopt when it can be fetched. The libcurl layer lends
/// its URL parser; without one only the scheme is checked.
using UrlChecker = std::function<std::optional<std::string>(const std::string& url)>;

/// The real environment.
std::optional<std::string> process_environment(const std::string& name);

/// What the command line needs from the world besides argv.
struct Surroundings {
    std::istream& stdin_stream;
    bool stderr_is_terminal = false;
    EnvironmentLookup environment = process_environment;
    UrlChecker check_url;
    /// Reads a date as curl's -z does (libcurl's curl_getdate); nullptr refuses every date.
    std::function<std::optional<WallTime>(std::string_view text)> parse_date;
};

/// The header lines of -H or --proxy-header (`flag`) as given, each @FILE (@- for stdin)
/// read as one header a line, blank lines and lines libcurl would not send (neither a colon
/// nor "Name;") left out.
std::vector<std::string> header_lines(std::string_view flag, const std::vector<std::string>& given,
                                      std::istream& stdin_stream);

/// Checks every value and builds the run's config; throws UsageError on the first bad one.
Config build_config(const RawOptions& raw, Surroundings& surroundings);

/// The same for --state and --reset-state, which fetch nothing.
StateCommand build_state_command(const RawOptions& raw, Surroundings& surroundings);

}  // namespace rfetch
