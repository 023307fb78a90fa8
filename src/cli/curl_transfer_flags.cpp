#include "cli/curl_transfer_flags.h"

#include <CLI/CLI.hpp>
#include <string>

#include "cli/flag_setting.h"

namespace rfetch {
void add_curl_transfer_flags(CLI::App& app, RawOptions& raw) {
    app.add_option("--proto", raw.proto,
                   "Use only these protocols (curl's +, -, = and all; =https: HTTPS only); "
                   "repeatable")
        ->type_name("LIST")
        ->group(kCurlSpellings)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->allow_extra_args(false);
    app.add_option("--proto-redir", raw.proto_redir,
                   "Follow redirects only to these protocols (as --proto; http,https by default)")
        ->type_name("LIST")
        ->group(kCurlSpellings)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->allow_extra_args(false);
    app.add_option("--proto-default", raw.proto_default,
                   "Fetch a URL given without a scheme with SCHEME (http or https)")
        ->type_name("SCHEME")
        ->group(kCurlSpellings);
    add_setting(app, "--keepalive", raw.keepalive, true,
                "Send TCP keepalive probes on idle connections (on by default, as in curl)");
    add_setting(app, "--no-keepalive", raw.keepalive, false, "Send no TCP keepalive probes");
    app.add_option("--keepalive-time", raw.keepalive_time,
                   "Seconds a connection idles before the first keepalive probe, and between "
                   "probes")
        ->type_name("SECONDS")
        ->group(kCurlSpellings);
    add_setting(app, "--tcp-nodelay", raw.tcp_nodelay, true,
                "Send small packets at once, without Nagle's delay (on by default, as in curl)");
    add_setting(app, "--no-tcp-nodelay", raw.tcp_nodelay, false,
                "Let Nagle's algorithm gather small packets");
    app.add_flag("--tcp-fastopen", raw.tcp_fastopen, "Open connections with TCP Fast Open")
        ->group(kCurlSpellings);
    app.add_option(
           "--expect100-timeout", raw.expect100_timeout,
           "Wait SECONDS for a \"100 Continue\" before sending the body anyway (1 by default)")
        ->type_name("SECONDS")
        ->group(kCurlSpellings);
    app.add_option("--happy-eyeballs-timeout-ms", raw.happy_eyeballs_timeout_ms,
                   "Try IPv4 this many ms after IPv6 when both are there (200 by default)")
        ->type_name("MS")
        ->group(kCurlSpellings);
    app.add_flag("--disallow-username-in-url", raw.disallow_username_in_url,
                 "Refuse a URL with a user name in it, with exit 67")
        ->group(kCurlSpellings);
    app.add_flag("--post301", raw.post301, "Keep a POST a POST after a 301 redirect")
        ->group(kCurlSpellings);
    app.add_flag("--post302", raw.post302, "Keep a POST a POST after a 302 redirect")
        ->group(kCurlSpellings);
    app.add_flag("--post303", raw.post303, "Keep a POST a POST after a 303 redirect")
        ->group(kCurlSpellings);
    app.add_flag("--parallel-immediate", raw.parallel_immediate,
                 "Accepted: rfetch's parallel transfers never wait to share a connection")
        ->group(kCurlSpellings);
    // rfetch's streaming mode: a body that will end the run goes out as it arrives, and a
    // broken one is resumed with Range, never written twice (see Delivery).
    app.add_flag_function(
           "-N,--no-buffer", [&raw](std::int64_t) { raw.buffer = "0"; },
           "Write the body to stdout as it arrives, as --buffer 0 (a retry resumes it with Range)")
        ->group(kCurlSpellings)
        ->trigger_on_parse();
    app.add_option("-Y,--speed-limit", raw.speed_limit,
                   "Cut an attempt slower than BYTES a second over --speed-time (30 s), as a "
                   "timeout (exit 28)")
        ->type_name("BYTES")
        ->group(kCurlSpellings);
    app.add_option("-y,--speed-time", raw.speed_time,
                   "Seconds an attempt may stay under --speed-limit (1 byte a second by "
                   "default) before it is cut")
        ->type_name("SECONDS")
        ->group(kCurlSpellings);
}

}  // namespace rfetch
