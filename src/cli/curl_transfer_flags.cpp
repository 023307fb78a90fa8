#include "cli/curl_transfer_flags.h"

#include <CLI/CLI.hpp>

namespace rfetch {
namespace {

constexpr const char* kCurl = "curl's spellings";

}  // namespace

void add_curl_transfer_flags(CLI::App& app, RawOptions& raw) {
    app.add_option("--proto", raw.proto,
                   "Use only these protocols (curl's +, -, = and all; =https: HTTPS only); "
                   "repeatable")
        ->type_name("LIST")
        ->group(kCurl)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->allow_extra_args(false);
    app.add_option("--proto-redir", raw.proto_redir,
                   "Follow redirects only to these protocols (as --proto; http,https by default)")
        ->type_name("LIST")
        ->group(kCurl)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->allow_extra_args(false);
    app.add_option("--proto-default", raw.proto_default,
                   "Fetch a URL given without a scheme with SCHEME (http or https)")
        ->type_name("SCHEME")
        ->group(kCurl);
}

}  // namespace rfetch
