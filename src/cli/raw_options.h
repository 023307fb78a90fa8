#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/raw_tls_options.h"

namespace rfetch {

/// One -d or --json argument, kept in the order given: curl joins them into one body.
struct BodyPiece {
    /// data: -d and --data-binary; raw: --data-raw, where '@' is only a character;
    /// urlencode: --data-urlencode, encoded as curl encodes it.
    enum class Kind { data, json, raw, urlencode } kind;
    /// DATA, @FILE or @-, as typed.
    std::string argument;
};

/// One -o, -O or --no-remote-name, in the order given: curl gives the Nth to the Nth URL.
struct OutputChoice {
    /// file: -o FILE; remote_name: -O, a name from the URL; standard_output: --no-remote-name.
    enum class Kind { file, remote_name, standard_output };
    Kind kind = Kind::file;
    /// -o's FILE; "-" is stdout, as in curl.
    std::string file;

    /// -o FILE, the most common choice, so that a list of names reads as one.
    // cppcheck-suppress noExplicitConstructor
    OutputChoice(std::string given) : file(std::move(given)) {}  // NOLINT: implicit on purpose
    // cppcheck-suppress noExplicitConstructor
    OutputChoice(const char* given) : file(given) {}  // NOLINT: implicit on purpose
    explicit OutputChoice(Kind choice) : kind(choice) {}
};

/// One -F or --form-string argument, in the order given.
struct FormField {
    /// --form-string: NAME=VALUE taken as it is, with no @FILE, <FILE or ;attributes.
    bool literal = false;
    std::string text;
};

/// The command line as typed, before any value is checked. Only config_builder reads it.
struct RawOptions {
    std::vector<std::string> urls;
    std::optional<std::string> urls_file;
    bool parallel = false;
    std::optional<std::string> parallel_max;
    std::optional<std::string> rate;
    std::optional<std::string> method;
    std::vector<std::string> headers;
    std::vector<BodyPiece> body;
    std::optional<std::string> user;
    std::optional<std::string> user_agent;
    bool location = false;
    std::string max_redirs = "10";
    bool insecure = false;
    std::optional<std::string> cacert;
    RawTlsOptions tls;
    bool compressed = false;
    std::optional<std::string> proxy;
    /// How to speak to the proxy when a flag of curl's named it: "1.0" for --proxy1.0,
    /// "socks4", "socks4a", "socks5" or "socks5h" (--socks5-hostname); unset for -x, whose
    /// URL's scheme says.
    std::optional<std::string> proxy_type;
    /// --proxy-header lines as typed (@FILE too), in order.
    std::vector<std::string> proxy_headers;
    std::optional<std::string> network_interface;
    bool haproxy_protocol = false;
    bool location_trusted = false;
    std::vector<std::string> alt_svc;
    std::optional<std::string> max_filesize;
    std::optional<std::string> traceparent;
    std::optional<std::string> request_id;
    std::optional<std::string> attempt_header;
    /// Every -o, in order: the first URL's file, the second's, and so on, as curl binds them.
    std::vector<OutputChoice> outputs;
    std::optional<std::string> output_dir;
    bool create_dirs = false;
    std::optional<std::string> dump_header;
    bool include = false;
    bool head = false;
    bool result = false;
    std::optional<std::string> write_out;
    std::string buffer = "8M";
    bool silent = false;
    bool verbose = false;
    std::vector<std::string> redact_headers;
    bool no_fail = false;

    std::optional<std::string> retries;
    // The backoff's values are optional so that polling can tell a default from a choice.
    std::optional<std::string> delay;
    std::optional<std::string> max_delay;
    std::optional<std::string> multiplier;
    std::optional<std::string> jitter;
    std::optional<std::string> seed;
    std::optional<std::string> retry_on;
    std::optional<std::string> max_retry_after;
    std::optional<std::string> ratelimit_reset;
    std::optional<std::string> deadline;
    std::optional<std::string> timeout;
    std::optional<std::string> connect_timeout;
    std::string stall_timeout = "30s";
    std::optional<std::string> idempotency_key;
    bool retry_unsafe = false;
    std::optional<std::string> hedge_after;
    std::optional<std::string> hedge_max;
    std::optional<std::string> log;

    std::optional<std::string> until_status;
    std::optional<std::string> until_body;
    std::vector<std::string> until_json;
    std::optional<std::string> interval;
    std::optional<std::string> consecutive;
    bool until_down = false;
    std::optional<std::string> stable;
    /// The words after the first "--": the command to run once the run succeeds.
    std::optional<std::vector<std::string>> command;
    std::optional<std::string> retry_budget;
    std::optional<std::string> circuit_breaker;
    std::optional<std::string> state_dir;
    bool cooperate = false;
    std::optional<std::string> state_url;
    std::optional<std::string> state_timeout;
    bool state = false;
    std::optional<std::string> reset_state;

    // curl's spellings (see add_curl_flags).
    std::vector<std::string> url_options;
    bool fail = false;
    bool fail_with_body = false;
    bool show_error = false;
    bool disable_config = false;
    std::optional<std::string> curl_retry;
    std::optional<std::string> retry_delay;
    std::optional<std::string> retry_max_time;
    bool retry_all_errors = false;
    bool retry_connrefused = false;
    std::optional<std::string> max_time;
    bool get = false;
    std::optional<std::string> referer;
    std::vector<std::string> cookies;
    std::optional<std::string> cookie_jar;
    std::optional<std::string> oauth2_bearer;
    std::optional<std::string> range;
    std::optional<std::string> continue_at;
    std::optional<std::string> http09;
    bool remote_header_name = false;
    std::optional<std::string> clobber;
    /// The last of --basic, --digest, --ntlm, --negotiate and --anyauth: "basic", "digest",
    /// "ntlm", "negotiate" or "any"; --no-basic makes "any" "any-but-basic", and unsets "basic".
    std::optional<std::string> auth;
    std::optional<std::string> proxy_user;
    bool netrc = false;
    bool netrc_optional = false;
    std::optional<std::string> netrc_file;
    std::vector<std::string> resolve;
    std::vector<std::string> connect_to;
    std::optional<std::string> noproxy;
    /// The last of -4 and -6: "4" or "6".
    std::optional<std::string> ip_version;
    std::optional<std::string> unix_socket;
    /// The last of --http1.0, --http1.1, --http2 and --http2-prior-knowledge.
    std::optional<std::string> http_version;
    std::optional<std::string> limit_rate;
    /// Every -T, in order: the first URL's file, the second's, and so on, as curl binds them;
    /// an empty one (-T "") uploads nothing to its URL.
    std::vector<std::string> upload_files;
    bool remote_name_all = false;
    /// Never set: -K files are read before the parse.
    std::optional<std::string> curl_config;
    std::vector<FormField> form;
    /// curl's --libcurl: where to write the C program.
    std::optional<std::string> libcurl;
    /// curl's --form-escape: -F names and filenames escape '"' and '\\' with a backslash.
    bool form_escape = false;
    std::optional<std::string> time_cond;
    bool proxytunnel = false;
    bool raw = false;
    bool ignore_content_length = false;
    bool path_as_is = false;
    std::optional<std::string> request_target;
    /// The last of --proxy-basic, --proxy-digest, --proxy-ntlm and --proxy-anyauth.
    std::optional<std::string> proxy_auth;
    bool globoff = false;
    std::optional<std::string> etag_compare;
    std::optional<std::string> etag_save;
    /// The last of -# ("bar"), --no-progress-meter ("off") and --progress-meter ("meter").
    std::optional<std::string> progress;
    /// --stderr: where stderr goes; "-" is stdout.
    std::optional<std::string> stderr_file;
    bool use_ascii = false;
    bool junk_session_cookies = false;
    bool remote_time = false;
    bool fail_early = false;
    /// curl's --proto and --proto-redir, each given list in order; --proto-default.
    std::vector<std::string> proto;
    std::vector<std::string> proto_redir;
    std::optional<std::string> proto_default;
    /// curl's connection flags (see add_curl_transfer_flags).
    bool keepalive = true;
    std::optional<std::string> keepalive_time;
    bool tcp_nodelay = true;
    bool tcp_fastopen = false;
    std::optional<std::string> expect100_timeout;
    std::optional<std::string> happy_eyeballs_timeout_ms;
    bool disallow_username_in_url = false;
    bool post301 = false;
    bool post302 = false;
    bool post303 = false;
    bool parallel_immediate = false;
    std::optional<std::string> speed_limit;
    std::optional<std::string> speed_time;
};

}  // namespace rfetch
