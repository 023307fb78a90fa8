#include "cli/flags.h"

#include <CLI/CLI.hpp>

#include "cli/curl_output_flags.h"
#include "cli/curl_transfer_flags.h"
#include "cli/flag_setting.h"
#include "cli/tls_flags.h"

namespace rfetch {
namespace {

constexpr const char* kRequest = "Request";
constexpr const char* kRetry = "Retry policy";
constexpr const char* kPolling = "Polling";
constexpr const char* kTime = "Time limits";
constexpr const char* kOutput = "Output";
constexpr const char* kShared = "Shared across runs";
constexpr const char* kMany = "Many URLs";

void add_request_flags(CLI::App& app, RawOptions& raw) {
    app.add_option("URL", raw.urls,
                   "The http:// or https:// URLs to fetch, or tcp://HOST:PORT to wait for")
        ->type_name("URL...")
        ->group(kRequest)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("-X,--request", raw.method,
                   "Method to use (default GET, or POST with --data or --json)")
        ->type_name("METHOD")
        ->group(kRequest);
    app.add_option("-H,--header", raw.headers, "Extra header 'Name: value'; repeatable")
        ->type_name("HEADER")
        ->group(kRequest)
        ->allow_extra_args(false);
    // Each -d and --json is kept where it was given, as it is parsed: curl joins them in that
    // order, and the separator depends on which flag came.
    app.add_option_function<std::string>(
           "-d,--data",
           [&raw](const std::string& argument) {
               raw.body.push_back({BodyPiece::Kind::data, argument});
           },
           "Body to send: DATA, @FILE, or @- for stdin, sent byte for byte; repeated, joined "
           "with '&'; implies POST")
        ->type_name("DATA")
        ->group(kRequest)
        ->trigger_on_parse();
    app.add_option_function<std::string>(
           "--json",
           [&raw](const std::string& argument) {
               raw.body.push_back({BodyPiece::Kind::json, argument});
           },
           "JSON body (DATA, @FILE or @-); repeated, appended; sets Content-Type and Accept; "
           "implies POST")
        ->type_name("DATA")
        ->group(kRequest)
        ->trigger_on_parse();
    app.add_option("-u,--user", raw.user, "Credentials USER:PASSWORD for basic auth")
        ->type_name("USER:PASSWORD")
        ->group(kRequest);
    app.add_option("-A,--user-agent", raw.user_agent,
                   "User-Agent header (default rfetch/" RFETCH_VERSION ")")
        ->type_name("NAME")
        ->group(kRequest);
    app.add_flag("-L,--location", raw.location, "Follow redirects")->group(kRequest);
    app.add_option("--max-redirs", raw.max_redirs,
                   "Most redirects to follow, -1 for no limit (default 10)")
        ->type_name("N")
        ->group(kRequest);
    app.add_flag("-k,--insecure", raw.insecure, "Do not verify the server's TLS certificate")
        ->group(kRequest);
    app.add_option("--cacert", raw.cacert, "CA certificates to verify the server with")
        ->type_name("FILE")
        ->group(kRequest);
    app.add_flag("--compressed", raw.compressed, "Ask for a compressed response and decode it")
        ->group(kRequest);
    // Set as parsed, so that the last of -x, --proxy1.0 and the others wins, as in curl.
    app.add_option_function<std::string>(
           "-x,--proxy",
           [&raw](const std::string& url) {
               raw.proxy = url;
               raw.proxy_type.reset();
           },
           "Proxy URL; without it, http_proxy, https_proxy and no_proxy apply as in curl")
        ->type_name("URL")
        ->group(kRequest)
        ->trigger_on_parse();
    // An optional value: command_line.cpp keeps a following URL from being read as it.
    app.add_option("--traceparent", raw.traceparent,
                   "Send a W3C traceparent: a new trace, or continue VALUE; a fresh parent id "
                   "on every attempt")
        ->type_name("[VALUE]")
        ->expected(0, 1)
        ->group(kRequest);
    app.add_option("--request-id", raw.request_id,
                   "Send the same X-Request-Id on every attempt: ID, or a new UUID (a next word "
                   "with :// is a URL, not the ID)")
        ->type_name("[ID]")
        ->expected(0, 1)
        ->group(kRequest);
    app.add_option("--attempt-header", raw.attempt_header,
                   "Send 'attempt=N; max=M' on every attempt in header NAME, or RFetch-Attempt, "
                   "so the server can tell a retry from a first try")
        ->type_name("[NAME]")
        ->expected(0, 1)
        ->group(kRequest);
}

void add_retry_flags(CLI::App& app, RawOptions& raw) {
    app.add_option(
           "--retries", raw.retries,
           "Retries after the first attempt; 0 disables (default 5; unlimited when polling)")
        ->type_name("N")
        ->group(kRetry);
    app.add_option("--delay", raw.delay, "Base of the exponential backoff (default 1s)")
        ->type_name("DUR")
        ->group(kRetry);
    app.add_option("--max-delay", raw.max_delay, "Cap on one backoff wait (default 30s)")
        ->type_name("DUR")
        ->group(kRetry);
    app.add_option("--multiplier", raw.multiplier, "Backoff growth per retry, >= 1 (default 2)")
        ->type_name("X")
        ->group(kRetry);
    app.add_option("--jitter", raw.jitter,
                   "Jitter: full, equal, decorrelated or none (default full)")
        ->type_name("MODE")
        ->group(kRetry);
    app.add_option("--seed", raw.seed, "Seed for the jitter, to reproduce a run's waits")
        ->type_name("N")
        ->group(kRetry);
    app.add_option("--retry-on", raw.retry_on,
                   "Replace the retryable set with codes (503), classes (5xx) and kinds (dns, "
                   "connect, timeout, reset, tls, empty, partial), or edit it: +429,-503")
        ->type_name("LIST")
        ->group(kRetry);
    app.add_option("--max-retry-after", raw.max_retry_after,
                   "Longest Retry-After wait to honour; longer gives up (default 2m; none when "
                   "polling)")
        ->type_name("DUR")
        ->group(kRetry);
    app.add_option("--ratelimit-reset", raw.ratelimit_reset,
                   "X-RateLimit-Reset is seconds, unix or auto (default auto: above 10^9 it is a "
                   "Unix time)")
        ->type_name("UNIT")
        ->group(kRetry);
    app.add_option("--idempotency-key", raw.idempotency_key,
                   "Send Idempotency-Key KEY, unquoted, on every attempt, or 'auto' for a UUID; "
                   "makes POST and PATCH retryable")
        ->type_name("KEY|auto")
        ->group(kRetry);
    app.add_flag("--retry-unsafe", raw.retry_unsafe,
                 "Retry POST, PATCH and other non-idempotent requests without a key")
        ->group(kRetry);
    app.add_option("--hedge-after", raw.hedge_after,
                   "Send another request beside an attempt that has not answered in DUR; the "
                   "first good answer wins (GET, HEAD or with --idempotency-key)")
        ->type_name("DUR")
        ->group(kRetry);
    app.add_option("--hedge-max", raw.hedge_max,
                   "With --hedge-after, at most N hedges per attempt, 1 to 5 (default 1)")
        ->type_name("N")
        ->group(kRetry);
}

// Any --until-* flag turns polling on: rfetch polls until a response meets every condition.
void add_polling_flags(CLI::App& app, RawOptions& raw) {
    app.add_option("--until-status", raw.until_status,
                   "Poll until the status is in LIST: codes and classes (200,204 or 2xx)")
        ->type_name("LIST")
        ->group(kPolling);
    app.add_option("--until-body", raw.until_body,
                   "Poll until the body matches REGEX (ECMAScript syntax)")
        ->type_name("REGEX")
        ->group(kPolling);
    app.add_option("--until-json", raw.until_json,
                   "Poll until the JSON body meets POINTER OP VALUE, such as /status == \"ready\" "
                   "(OP: ==, !=, <, <=, >, >=); repeatable, all must hold")
        ->type_name("CONDITION")
        ->group(kPolling)
        ->allow_extra_args(false);
    app.add_option("--interval", raw.interval,
                   "Fixed wait between polls: sets --delay and --max-delay to DUR, --multiplier 1 "
                   "and --jitter none (default 1s when polling without backoff flags)")
        ->type_name("DUR")
        ->group(kPolling);
    app.add_option("--consecutive", raw.consecutive,
                   "Polls in a row that must meet the condition (default 1)")
        ->type_name("N")
        ->group(kPolling);
    app.add_option("--stable", raw.stable,
                   "Time over which the condition must have held, from the first poll that met "
                   "it (default none)")
        ->type_name("DUR")
        ->group(kPolling);
    app.add_flag("--until-down", raw.until_down,
                 "Poll until the target stops answering (refused, unreachable, timed out) or "
                 "answers a status outside --until-status")
        ->group(kPolling);
}

void add_time_flags(CLI::App& app, RawOptions& raw) {
    app.add_option("--deadline", raw.deadline,
                   "Hard limit on the whole run, waits included (default none; 60s when polling)")
        ->type_name("DUR")
        ->group(kTime);
    app.add_option("--timeout", raw.timeout, "Limit on one attempt")
        ->type_name("DUR")
        ->group(kTime);
    app.add_option("--connect-timeout", raw.connect_timeout,
                   "Limit on connecting; 0 is libcurl's own 300s, as in curl (default 10s)")
        ->type_name("DUR")
        ->group(kTime);
    app.add_option("--stall-timeout", raw.stall_timeout,
                   "Abort an attempt that receives nothing for this long (default 30s)")
        ->type_name("DUR")
        ->group(kTime);
}

void add_many_url_flags(CLI::App& app, RawOptions& raw) {
    app.add_option("--urls", raw.urls_file,
                   "Fetch the URLs in FILE too, one per line; - reads stdin, # starts a comment")
        ->type_name("FILE")
        ->group(kMany);
    app.add_flag("-Z,--parallel", raw.parallel,
                 "Fetch the URLs at once, each body written whole (default one after another, "
                 "in order)")
        ->group(kMany);
    app.add_option(
           "--parallel-max", raw.parallel_max,
           "With -Z, at most N URLs under way at once, up to 500; 0 for the default (default 50)")
        ->type_name("N")
        ->group(kMany);
    app.add_option("--rate", raw.rate,
                   "Start at most N attempts per s, m, h or d (N alone: per hour, as in curl), "
                   "across every URL, -Z transfer and retry; auto: a pace per origin that slows "
                   "down on throttling and grows back, shared through the state (default none)")
        ->type_name("N/UNIT|auto")
        ->group(kMany);
}

void add_output_flags(CLI::App& app, RawOptions& raw) {
    // -o, -O and curl's --no-remote-name are kept in the order given: the Nth is the Nth URL's.
    app.add_option_function<std::string>(
           "-o,--output", [&raw](const std::string& file) { raw.outputs.emplace_back(file); },
           "Write the body to FILE, which appears whole or not at all; with many URLs, the Nth "
           "-o or -O is the Nth URL's, as in curl; #N is the Nth glob's choice")
        ->type_name("FILE")
        ->group(kOutput)
        ->trigger_on_parse()
        ->allow_extra_args(false);
    app.add_flag_function(
           "-O,--remote-name",
           [&raw](std::int64_t count) {
               for (std::int64_t i = 0; i < count; ++i) {
                   raw.outputs.emplace_back(OutputChoice::Kind::remote_name);
               }
           },
           "Write the body to a file named like the URL's last path segment; as the only "
           "output choice, every URL's")
        ->group(kOutput)
        ->trigger_on_parse();
    app.add_option("--output-dir", raw.output_dir, "Directory for -o and -O files")
        ->type_name("DIR")
        ->group(kOutput);
    app.add_flag("--create-dirs", raw.create_dirs,
                 "Create the missing directories of the output file")
        ->group(kOutput);
    app.add_option("-D,--dump-header", raw.dump_header,
                   "Write the final response's head to FILE; - puts it before the body")
        ->type_name("FILE")
        ->group(kOutput);
    // Set where it stands, so that the last of -i and curl's --no-include wins.
    app.add_flag_function(
           "-i,--include", [&raw](std::int64_t count) { raw.include = count > 0; },
           "Write the final response's head before its body")
        ->group(kOutput)
        ->trigger_on_parse();
    app.add_flag("-I,--head", raw.head, "Send HEAD and write the response's head")->group(kOutput);
    app.add_flag("--result", raw.result,
                 "Write one JSON document (status, headers, body, attempts, timings) in place of "
                 "the body")
        ->group(kOutput);
    app.add_option("-w,--write-out", raw.write_out,
                   "After the run, write FORMAT to stdout with curl's %{variables}: http_code, "
                   "num_attempts, time_total, header{NAME}, json...")
        ->type_name("FORMAT")
        ->group(kOutput);
    app.add_option("--buffer", raw.buffer,
                   "Hold up to SIZE of the body in memory before writing any of it; a longer "
                   "body streams and resumes with Range (default 8M)")
        ->type_name("SIZE")
        ->group(kOutput);
    app.add_flag("-s,--silent", raw.silent, "No attempt log (same as --log none)")->group(kOutput);
    app.add_flag("-v,--verbose", raw.verbose, "Show the request and response heads on stderr")
        ->group(kOutput);
    app.add_option("--redact-header", raw.redact_headers,
                   "Hide this header's value in -v, the log and --result, as Authorization's; "
                   "repeatable")
        ->type_name("NAME")
        ->group(kOutput)
        ->allow_extra_args(false);
    app.add_option("--max-filesize", raw.max_filesize,
                   "Fail (exit 63) when the decoded body is larger than SIZE, with K, M or G "
                   "suffixes; 0 for no limit (default none)")
        ->type_name("SIZE")
        ->group(kOutput);
    app.add_flag("--no-fail", raw.no_fail,
                 "Exit 0 and write the body when the final status is >= 400")
        ->group(kOutput);
    app.add_option("--log", raw.log,
                   "Attempt log on stderr: json, text, none or auto (default auto: text on a "
                   "terminal, json otherwise)")
        ->type_name("MODE")
        ->group(kOutput);
}

void add_shared_state_flags(CLI::App& app, RawOptions& raw) {
    app.add_option("--retry-budget", raw.retry_budget,
                   "Per origin, across runs: start with MAX tokens, a failed attempt takes one, a "
                   "success earns RATIO; retry only above MAX/2 (default off)")
        ->type_name("MAX:RATIO")
        ->group(kShared);
    app.add_option("--circuit-breaker", raw.circuit_breaker,
                   "Per origin, across runs: after N failed runs in a row, fail at once (exit 75) "
                   "for COOLDOWN, then let one probe through (default off)")
        ->type_name("N:COOLDOWN")
        ->group(kShared);
    app.add_flag(
           "--cooperate", raw.cooperate,
           "Act as one client with the other runs that share the state: while the origin "
           "fails, one probe at a time reaches it and the others wait; on recovery they "
           "go as a ramp (default off; the state is kept in --state-url, else in --state-dir, as "
           "for --retry-budget)")
        ->group(kShared);
    app.add_option("--state-dir", raw.state_dir,
                   "Where runs keep the shared state (default $XDG_STATE_HOME/rfetch, else "
                   "~/.local/state/rfetch)")
        ->type_name("DIR")
        ->group(kShared);
    app.add_option("--state-url", raw.state_url,
                   "Keep the shared state in Redis instead of --state-dir: "
                   "redis://[user:password@]host[:port][/db] or unix:///path (default none)")
        ->type_name("URL")
        ->group(kShared);
    app.add_option("--state-timeout", raw.state_timeout,
                   "Longest wait for each command to the --state-url store; connecting may take "
                   "twice as long (default 100ms)")
        ->type_name("DUR")
        ->group(kShared);
    app.add_flag("--state", raw.state,
                 "Print every origin's retry budget and circuit breaker as JSON, and exit")
        ->configurable(false)
        ->group(kShared);
    // An optional value, like --request-id: without one, every origin is cleared.
    app.add_option("--reset-state", raw.reset_state,
                   "Clear the shared state of ORIGIN (scheme://host[:port]), or of every origin, "
                   "and exit")
        ->type_name("[ORIGIN]")
        ->expected(0, 1)
        ->configurable(false)
        ->group(kShared);
}

// Flags of curl's that only one of several values can win: the last given, as in curl.
void add_choice(CLI::App& app, const std::string& flag, std::optional<std::string>& choice,
                const std::string& value, const std::string& help) {
    app.add_flag_function(
           flag, [&choice, value](std::int64_t) { choice = value; }, help)
        ->group(kCurlSpellings)
        ->trigger_on_parse();
}

// curl's --proxy1.0 and its like: the proxy, and how to speak to it, replacing -x.
void add_typed_proxy_flag(CLI::App& app, RawOptions& raw, const std::string& flag,
                          const std::string& type, const std::string& help) {
    app.add_option_function<std::string>(
           flag,
           [&raw, type](const std::string& host) {
               raw.proxy = host;
               raw.proxy_type = type;
           },
           help)
        ->type_name("HOST[:PORT]")
        ->group(kCurlSpellings)
        ->trigger_on_parse();
}

void add_body_piece_flag(CLI::App& app, RawOptions& raw, const std::string& flag,
                         BodyPiece::Kind kind, const std::string& help) {
    app.add_option_function<std::string>(
           flag,
           [&raw, kind](const std::string& argument) {
               raw.body.push_back({kind, argument});
           },
           help)
        ->type_name("DATA")
        ->group(kCurlSpellings)
        ->trigger_on_parse();
}

void add_curl_request_flags(CLI::App& app, RawOptions& raw) {
    add_body_piece_flag(app, raw, "--data-binary", BodyPiece::Kind::data,
                        "Body piece DATA, @FILE or @-, byte for byte: the same as -d");
    add_body_piece_flag(app, raw, "--data-raw", BodyPiece::Kind::raw,
                        "Body piece DATA, where a leading @ is only a character");
    add_body_piece_flag(app, raw, "--data-urlencode", BodyPiece::Kind::urlencode,
                        "Body piece URL-encoded as curl does: CONTENT, =CONTENT, NAME=CONTENT, "
                        "@FILE or NAME@FILE");
    app.add_flag("-G,--get", raw.get,
                 "Send the -d pieces as the URL's query, with GET (or HEAD with -I)")
        ->group(kCurlSpellings);
    app.add_option("-e,--referer", raw.referer,
                   "Referer header URL; URL;auto (or ;auto) also sets it on redirects")
        ->type_name("URL")
        ->group(kCurlSpellings);
    app.add_option("-b,--cookie", raw.cookies,
                   "Send cookies 'NAME=VALUE; ...', or read them from a cookie FILE; repeatable")
        ->type_name("DATA|FILE")
        ->group(kCurlSpellings)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->allow_extra_args(false);
    app.add_option("-c,--cookie-jar", raw.cookie_jar,
                   "After the run, write every cookie to FILE (- for stdout), whole or not at all")
        ->type_name("FILE")
        ->group(kCurlSpellings);
    app.add_option("--oauth2-bearer", raw.oauth2_bearer,
                   "Send Authorization: Bearer TOKEN (hidden in -v and the log)")
        ->type_name("TOKEN")
        ->group(kCurlSpellings);
    app.add_option("-r,--range", raw.range, "Ask for only these bytes: Range: bytes=RANGE")
        ->type_name("RANGE")
        ->group(kCurlSpellings);
    app.add_option("-C,--continue-at", raw.continue_at,
                   "Resume at byte OFFSET, or (-) at the -o file's size, appending to it; with "
                   "-T, upload from OFFSET on")
        ->type_name("OFFSET")
        ->group(kCurlSpellings);
    // Kept in the order given: the Nth -T is the Nth URL's, as -o is.
    app.add_option_function<std::string>(
           "-T,--upload-file",
           [&raw](const std::string& file) { raw.upload_files.push_back(file); },
           "PUT the bytes of FILE (- for stdin), read once and sent on every attempt; the Nth "
           "-T is the Nth URL's, as in curl; a glob ({a,b}) sends each file")
        ->type_name("FILE")
        ->group(kCurlSpellings)
        ->trigger_on_parse()
        ->allow_extra_args(false);
    app.add_option_function<std::string>(
           "-F,--form",
           [&raw](const std::string& part) {
               raw.form.push_back({false, part});
           },
           "Multipart form part NAME=VALUE, NAME=@FILE[,FILE] or NAME=<FILE (;type= "
           ";filename= ;headers= ;encoder=), NAME=( ... =) nests; implies POST")
        ->type_name("PART")
        ->group(kCurlSpellings)
        ->trigger_on_parse();
    app.add_option_function<std::string>(
           "--form-string",
           [&raw](const std::string& part) {
               raw.form.push_back({true, part});
           },
           "Multipart form part NAME=VALUE, taken as it is")
        ->type_name("PART")
        ->group(kCurlSpellings)
        ->trigger_on_parse();
    app.add_option("--libcurl", raw.libcurl,
                   "After the run, write to FILE (- for stdout) a C program that makes the first "
                   "request with libcurl, as curl's --libcurl")
        ->type_name("FILE")
        ->group(kCurlSpellings);
    app.add_flag("--form-escape", raw.form_escape,
                 "Escape '\"' and '\\' in -F names and filenames with a backslash, not as %22")
        ->group(kCurlSpellings);
    app.add_option("-z,--time-cond", raw.time_cond,
                   "Only if modified since DATE or FILE's time; -DATE: only if not modified since")
        ->type_name("DATE|FILE")
        ->group(kCurlSpellings);
    app.add_flag("--remote-name-all", raw.remote_name_all,
                 "Name every URL's file like its last path segment, as -O")
        ->group(kCurlSpellings);
    app.add_flag("-J,--remote-header-name", raw.remote_header_name,
                 "With -O, name the file as the response's Content-Disposition says, without its "
                 "directory part; never over an existing file without --clobber")
        ->group(kCurlSpellings);
    add_choice(app, "--clobber", raw.clobber, "yes",
               "Replace an existing output file, also one named by -J (default on without -J)");
    add_choice(app, "--no-clobber", raw.clobber, "no",
               "Never replace an existing output file: write FILE.1 to FILE.100 beside it");
    add_choice(app, "--basic", raw.auth, "basic", "Send -u credentials with Basic auth (default)");
    add_choice(app, "--digest", raw.auth, "digest", "Send -u credentials with Digest auth");
    add_choice(app, "--ntlm", raw.auth, "ntlm", "Send -u credentials with NTLM auth");
    add_choice(app, "--negotiate", raw.auth, "negotiate",
               "Send -u credentials (-u : is enough) with Negotiate (SPNEGO) auth");
    add_choice(app, "--anyauth", raw.auth, "any",
               "Send -u credentials with the safest auth the server asks for");
    // As curl's: Basic out of the schemes chosen so far, which leaves --basic none, and so
    // libcurl's default, Basic.
    app.add_flag_function(
           "--no-basic",
           [&raw](std::int64_t) {
               if (raw.auth == "any") {
                   raw.auth = "any-but-basic";
               } else if (raw.auth == "basic") {
                   raw.auth.reset();
               }
           },
           "Never Basic with an earlier --anyauth; alone, Basic stays the default, as in curl")
        ->group(kCurlSpellings)
        ->trigger_on_parse();
    app.add_flag("--location-trusted", raw.location_trusted,
                 "Follow redirects as -L, sending -u credentials, Authorization and Cookie to "
                 "every host")
        ->group(kCurlSpellings);
    app.add_option("-U,--proxy-user", raw.proxy_user, "Credentials for the proxy")
        ->type_name("USER:PASSWORD")
        ->group(kCurlSpellings);
    app.add_flag("-n,--netrc", raw.netrc, "Take credentials from ~/.netrc, which must exist")
        ->group(kCurlSpellings);
    app.add_flag("--netrc-optional", raw.netrc_optional,
                 "Take credentials from ~/.netrc when it has the host")
        ->group(kCurlSpellings);
    app.add_option("--netrc-file", raw.netrc_file, "Take credentials from this netrc FILE")
        ->type_name("FILE")
        ->group(kCurlSpellings);
}

void add_curl_connection_flags(CLI::App& app, RawOptions& raw) {
    app.add_option("--resolve", raw.resolve,
                   "Connect to ADDRESS for HOST:PORT, without asking DNS; repeatable")
        ->type_name("HOST:PORT:ADDRESS")
        ->group(kCurlSpellings)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->allow_extra_args(false);
    app.add_option("--connect-to", raw.connect_to,
                   "Connect to HOST2:PORT2 for requests to HOST1:PORT1; repeatable")
        ->type_name("HOST1:PORT1:HOST2:PORT2")
        ->group(kCurlSpellings)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->allow_extra_args(false);
    app.add_option("--noproxy", raw.noproxy,
                   "Hosts reached without the proxy: comma-separated names, or *")
        ->type_name("LIST")
        ->group(kCurlSpellings);
    add_choice(app, "-4,--ipv4", raw.ip_version, "4", "Connect over IPv4 only");
    add_choice(app, "-6,--ipv6", raw.ip_version, "6", "Connect over IPv6 only");
    app.add_option("--unix-socket", raw.unix_socket, "Connect through this Unix socket")
        ->type_name("PATH")
        ->group(kCurlSpellings);
    add_choice(app, "-0,--http1.0", raw.http_version, "1.0", "Speak HTTP/1.0");
    add_choice(app, "--http0.9", raw.http09, "yes",
               "Take a reply with no status line and no head as the body (default off)");
    add_choice(app, "--no-http0.9", raw.http09, "no",
               "Refuse a reply with no status line (exit 1): the default");
    add_choice(app, "--http1.1", raw.http_version, "1.1", "Speak HTTP/1.1");
    add_choice(app, "--http2", raw.http_version, "2",
               "Ask for HTTP/2 (the default over TLS; an upgrade over http://)");
    add_choice(app, "--http2-prior-knowledge", raw.http_version, "2-prior",
               "Speak HTTP/2 at once, over http:// too");
    add_choice(app, "--proxy-basic", raw.proxy_auth, "basic",
               "Send -U credentials with Basic auth (default)");
    add_choice(app, "--proxy-digest", raw.proxy_auth, "digest",
               "Send -U credentials with Digest auth");
    add_choice(app, "--proxy-ntlm", raw.proxy_auth, "ntlm", "Send -U credentials with NTLM auth");
    add_choice(app, "--proxy-anyauth", raw.proxy_auth, "any",
               "Send -U credentials as the proxy asks");
    add_typed_proxy_flag(app, raw, "--proxy1.0", "1.0",
                         "Use this HTTP proxy, asking for CONNECT tunnels in HTTP/1.0");
    add_typed_proxy_flag(app, raw, "--socks4", "socks4",
                         "Use this SOCKS4 proxy; rfetch resolves the host name (as -x socks4://)");
    add_typed_proxy_flag(app, raw, "--socks4a", "socks4a",
                         "Use this SOCKS4a proxy, which resolves the host name (as -x socks4a://)");
    add_typed_proxy_flag(app, raw, "--socks5", "socks5",
                         "Use this SOCKS5 proxy; rfetch resolves the host name (as -x socks5://)");
    add_typed_proxy_flag(app, raw, "--socks5-hostname", "socks5h",
                         "Use this SOCKS5 proxy, which resolves the host name (as -x socks5h://)");
    app.add_option("--proxy-header", raw.proxy_headers,
                   "Header 'Name: value' (or @FILE) for the proxy alone, CONNECT included; "
                   "repeatable")
        ->type_name("HEADER")
        ->group(kCurlSpellings)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->allow_extra_args(false);
    app.add_option("--interface", raw.network_interface,
                   "Send from this interface name, address or host name")
        ->type_name("NAME")
        ->group(kCurlSpellings);
    app.add_option("--alt-svc", raw.alt_svc,
                   "Read the alt-svc cache FILE and write it back after the run (\"\": in "
                   "memory only); repeated, all are read and the last written")
        ->type_name("FILE")
        ->group(kCurlSpellings)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->allow_extra_args(false);
    app.add_flag("--haproxy-protocol", raw.haproxy_protocol,
                 "Open each connection with a HAProxy PROXY protocol v1 line")
        ->group(kCurlSpellings);
    app.add_flag("-p,--proxytunnel", raw.proxytunnel,
                 "Tunnel through the proxy with CONNECT, http:// URLs too")
        ->group(kCurlSpellings);
    app.add_flag("--raw", raw.raw, "Leave the body's content and transfer encodings undecoded")
        ->group(kCurlSpellings);
    app.add_flag("--ignore-content-length", raw.ignore_content_length,
                 "Read the body to the end of the connection, whatever its Content-Length")
        ->group(kCurlSpellings);
    app.add_flag("--path-as-is", raw.path_as_is, "Send /../ and /./ in the path as they are")
        ->group(kCurlSpellings);
    app.add_option("--request-target", raw.request_target,
                   "Send TARGET in the request line in place of the URL's path")
        ->type_name("TARGET")
        ->group(kCurlSpellings);
    app.add_option("--etag-compare", raw.etag_compare,
                   "Send If-None-Match with the ETag in FILE, when FILE can be read")
        ->type_name("FILE")
        ->group(kCurlSpellings);
    app.add_option("--etag-save", raw.etag_save,
                   "After the run, write the final response's ETag to FILE, when it has one")
        ->type_name("FILE")
        ->group(kCurlSpellings);
    app.add_flag("-g,--globoff", raw.globoff, "Take {} and [] in URLs as they are")
        ->group(kCurlSpellings);
    app.add_option("--limit-rate", raw.limit_rate,
                   "Receive at most SIZE bytes a second (K, M, G suffixes); 0 for no limit")
        ->type_name("SIZE")
        ->group(kCurlSpellings);
}

// curl's own flags, with curl's meaning, so that a curl command line runs unchanged. Where
// rfetch has its own flag for the same thing, the help line says which.
void add_curl_flags(CLI::App& app, RawOptions& raw) {
    app.add_option_function<std::string>(
           "--url", [&raw](const std::string& url) { raw.url_options.push_back(url); },
           "A URL to fetch, after those given without a flag; repeatable")
        ->type_name("URL")
        ->group(kCurlSpellings)
        ->trigger_on_parse();
    app.add_flag("-f,--fail", raw.fail,
                 "Exit 22 and write nothing when the final status is >= 400 (rfetch's default)")
        ->group(kCurlSpellings);
    app.add_flag("--fail-with-body", raw.fail_with_body,
                 "Exit 22 when the final status is >= 400, and write its body")
        ->group(kCurlSpellings);
    app.add_flag("-S,--show-error", raw.show_error,
                 "With -s, still say in one line why a run failed")
        ->group(kCurlSpellings);
    app.add_flag("-q,--disable", raw.disable_config,
                 "Read no config file but one given with --config")
        ->configurable(false)
        ->group(kCurlSpellings);
    // Read before the parse (see with_curl_configs_expanded): declared for --help alone.
    app.add_option("-K,--curl-config", raw.curl_config,
                   "Read options from FILE (- for stdin) in curl's config syntax, in place")
        ->type_name("FILE")
        ->configurable(false)
        ->group(kCurlSpellings);
    // Split off before the parse (see parse_command_line): declared for --help alone.
    app.add_flag_callback(
           "--next", [] {},
           "Start another command line (also -:): the URLs and options after it are a run of "
           "their own (curl's global ones, such as -v, hold for all)")
        ->configurable(false)
        ->group(kCurlSpellings);
    app.add_option("--retry", raw.curl_retry,
                   "Retries after the first attempt, as --retries; 0 for none")
        ->type_name("N")
        ->group(kCurlSpellings);
    app.add_option("--retry-delay", raw.retry_delay,
                   "A fixed wait of DUR before each retry; 0 keeps the backoff")
        ->type_name("DUR")
        ->group(kCurlSpellings);
    app.add_option("--retry-max-time", raw.retry_max_time,
                   "Start no retry later than DUR after the first attempt started; an attempt "
                   "under way goes on; 0 for no limit")
        ->type_name("DUR")
        ->group(kCurlSpellings);
    app.add_flag("--retry-all-errors", raw.retry_all_errors,
                 "Retry every status >= 400 and every failure kind (methods stay safe)")
        ->group(kCurlSpellings);
    app.add_flag("--retry-connrefused", raw.retry_connrefused,
                 "Accepted: a refused connection is retried anyway")
        ->group(kCurlSpellings);
    app.add_option("-m,--max-time", raw.max_time,
                   "Limit on one attempt, as --timeout; 0 for no limit")
        ->type_name("DUR")
        ->group(kCurlSpellings);
    add_curl_request_flags(app, raw);
    add_curl_connection_flags(app, raw);
    add_curl_tls_flags(app, raw.tls);
    add_curl_output_flags(app, raw);
    add_curl_transfer_flags(app, raw);
}

}  // namespace

const std::vector<EnvironmentSetting>& environment_settings() {
    static const std::vector<EnvironmentSetting> kSettings{
        {"--retries", "RFETCH_RETRIES"},
        {"--delay", "RFETCH_DELAY"},
        {"--max-delay", "RFETCH_MAX_DELAY"},
        {"--jitter", "RFETCH_JITTER"},
        {"--retry-on", "RFETCH_RETRY_ON"},
        {"--max-retry-after", "RFETCH_MAX_RETRY_AFTER"},
        {"--deadline", "RFETCH_DEADLINE"},
        {"--timeout", "RFETCH_TIMEOUT"},
        {"--connect-timeout", "RFETCH_CONNECT_TIMEOUT"},
        {"--stall-timeout", "RFETCH_STALL_TIMEOUT"},
        {"--state-dir", "RFETCH_STATE_DIR"},
        {"--cooperate", "RFETCH_COOPERATE"},
        {"--state-url", "RFETCH_STATE_URL"},
    };
    return kSettings;
}

void add_flags(CLI::App& app, RawOptions& raw, const std::string& version_text) {
    // The last of repeated values wins, as in curl; it also lets the command line override the
    // environment, which command_line.cpp places before it.
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    add_request_flags(app, raw);
    add_retry_flags(app, raw);
    add_polling_flags(app, raw);
    add_time_flags(app, raw);
    add_output_flags(app, raw);
    add_many_url_flags(app, raw);
    add_shared_state_flags(app, raw);
    add_curl_flags(app, raw);
    for (const auto& [flag, variable] : environment_settings()) {
        // Named in --help only: command_line.cpp reads the value, to give it its place in the
        // order of precedence.
        CLI::Option* option = app.get_option(std::string(flag));
        option->description(option->get_description() + " [env " + std::string(variable) + "]");
    }
    app.set_version_flag("-V,--version", version_text);
}

}  // namespace rfetch
