#include "cli/curl_output_flags.h"

#include <CLI/CLI.hpp>

#include "cli/flag_setting.h"

namespace rfetch {
void add_curl_output_flags(CLI::App& app, RawOptions& raw) {
    add_setting(app, "--no-include", raw.include, false,
                "Write no head before the body: undoes an earlier -i");
    app.add_flag_function(
           "--no-remote-name",
           [&raw](std::int64_t) { raw.outputs.emplace_back(OutputChoice::Kind::standard_output); },
           "Write this URL's body to stdout, as the Nth -o or -O is the Nth URL's")
        ->group(kCurlSpellings)
        ->trigger_on_parse();
    add_setting<std::optional<std::string>>(
        app, "-#,--progress-bar", raw.progress, "bar",
        "Draw the progress line even when stderr is not a terminal (not with -s or a JSON log)");
    add_setting<std::optional<std::string>>(app, "--no-progress-meter", raw.progress, "off",
                                            "Draw no progress line; the log is unchanged");
    add_setting<std::optional<std::string>>(app, "--progress-meter", raw.progress, "meter",
                                            "Draw the progress line on a terminal (the default)");
    app.add_option("--stderr", raw.stderr_file,
                   "Write what goes to stderr (the log, messages, -v) to FILE; - is stdout")
        ->type_name("FILE")
        ->group(kCurlSpellings);
    app.add_flag("-j,--junk-session-cookies", raw.junk_session_cookies,
                 "Leave out the session cookies (those with no expiry) of the -b files")
        ->group(kCurlSpellings);
    app.add_flag("-R,--remote-time", raw.remote_time,
                 "Give the output file the time of the response's Last-Modified")
        ->group(kCurlSpellings);
    app.add_flag("--fail-early", raw.fail_early,
                 "After the first URL that fails, send no other (nor any --next part)")
        ->group(kCurlSpellings);
    app.add_flag("-B,--use-ascii", raw.use_ascii,
                 "Accepted: ASCII transfer, which changes nothing over HTTP, as in curl")
        ->group(kCurlSpellings);
}

}  // namespace rfetch
