#include "cli/config_builder.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <random>
#include <sstream>
#include <utility>

#include "cli/body_source.h"
#include "cli/curl_settings.h"
#include "cli/form_body.h"
#include "cli/target_request.h"
#include "cli/targets.h"
#include "cli/tls_options.h"
#include "cli/upload_targets.h"
#include "cli/usage_error.h"
#include "core/base/ascii.h"
#include "core/base/byte_size.h"
#include "core/base/duration.h"
#include "core/base/origin.h"
#include "core/base/random.h"
#include "core/base/tcp_target.h"
#include "core/log/redact.h"
#include "core/poll/ready_condition.h"
#include "core/retry/idempotency_key.h"

namespace rfetch {
namespace {

constexpr int kDefaultRetries = 5;
// Polling waits for something to come up, which takes as many polls as it takes; the deadline
// alone bounds it, so that a service that never comes up still fails the CI job.
constexpr Duration kPollingDeadline{60'000};
constexpr Duration kDefaultPollInterval{1'000};
constexpr Duration kDefaultMaxRetryAfter{120'000};
// libcurl's CURLOPT_CONNECTTIMEOUT of 0, which curl's --connect-timeout 0 asks for.
constexpr Duration kLibcurlConnectTimeout{300'000};
constexpr std::string_view kDefaultAttemptHeader = "RFetch-Attempt";
// A hedge waits for the attempt's answer; one that waits a day has long stopped helping.
constexpr Duration kLongestHedgeAfter{24 * 60 * 60 * 1'000};
// Each transfer holds a socket, and a process may open 1024 files by default.
constexpr std::size_t kMaxParallel = 500;

template <typename Number>
Number parse_whole(std::string_view flag, std::string_view text, Number low, Number high) {
    Number value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value < low || value > high) {
        reject(flag, text,
               "is not a whole number from " + std::to_string(low) + " to " + std::to_string(high));
    }
    return value;
}

Duration parse_time(std::string_view flag, std::string_view text, bool allow_zero) {
    const auto duration = parse_duration(text);
    if (!duration) {
        reject(flag, text,
               "is not a duration: use a number with ms, s, m or h (250ms, 1.5s, 2m, 1h), or a "
               "bare number of seconds");
    }
    if (!allow_zero && duration->count() == 0) {
        reject(flag, text, "must be longer than zero");
    }
    return *duration;
}

std::optional<Duration> parse_optional_time(std::string_view flag,
                                            const std::optional<std::string>& text) {
    if (!text) {
        return std::nullopt;
    }
    return parse_time(flag, *text, false);
}

// curl's time limits (-m, --retry-max-time) read 0, 0.0 or 0s as no limit at all.
std::optional<Duration> parse_curl_time_limit(std::string_view flag,
                                              const std::optional<std::string>& text) {
    if (!text) {
        return std::nullopt;
    }
    const Duration limit = parse_time(flag, *text, true);
    if (limit.count() == 0) {
        return std::nullopt;
    }
    return limit;
}

double parse_multiplier(std::string_view text) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value) ||
        value < 1 || value > 1000) {
        reject("--multiplier", text, "is not a number from 1 to 1000");
    }
    return value;
}

JitterMode parse_jitter(std::string_view text) {
    static constexpr std::array<std::pair<std::string_view, JitterMode>, 4> kModes{{
        {"full", JitterMode::full},
        {"equal", JitterMode::equal},
        {"decorrelated", JitterMode::decorrelated},
        {"none", JitterMode::none},
    }};
    for (const auto& [name, mode] : kModes) {
        if (name == text) {
            return mode;
        }
    }
    reject("--jitter", text, "is not a jitter mode: use full, equal, decorrelated or none");
}

// curl's --rate: N/U with U one of s, m, h and d, or N alone per hour; the pace is the unit
// shared out evenly, at least a millisecond.
Duration parse_rate(std::string_view text) {
    static constexpr std::array<std::pair<std::string_view, long long>, 4> kUnits{{
        {"s", 1'000},
        {"m", 60'000},
        {"h", 3'600'000},
        {"d", 86'400'000},
    }};
    const auto slash = text.find('/');
    const std::string_view count_text = text.substr(0, slash);
    const std::string_view unit = slash == std::string_view::npos ? "h" : text.substr(slash + 1);
    long long count = 0;
    const auto [end, error] =
        std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
    const auto found =
        std::ranges::find_if(kUnits, [unit](const auto& known) { return known.first == unit; });
    if (error != std::errc{} || end != count_text.data() + count_text.size() || count < 1 ||
        count > 1'000'000 || found == kUnits.end()) {
        reject("--rate", text,
               "is not a rate: use auto, N/s, N/m, N/h or N/d with N a whole number from 1 to "
               "1000000, or N alone for N an hour");
    }
    return std::max(Duration{1}, Duration{found->second / count});
}

ResetUnit parse_reset_unit(std::string_view text) {
    static constexpr std::array<std::pair<std::string_view, ResetUnit>, 3> kUnits{{
        {"auto", ResetUnit::detect},
        {"seconds", ResetUnit::seconds},
        {"unix", ResetUnit::unix_time},
    }};
    for (const auto& [name, unit] : kUnits) {
        if (name == text) {
            return unit;
        }
    }
    reject("--ratelimit-reset", text, "is not a unit: use seconds, unix or auto");
}

LogFormat parse_log_format(const RawOptions& raw, bool stderr_is_terminal) {
    if (!raw.log) {
        if (raw.silent) {
            // curl's -sS: silent, but a failure still says why.
            return raw.show_error ? LogFormat::errors : LogFormat::none;
        }
        return stderr_is_terminal ? LogFormat::text : LogFormat::json;
    }
    const std::string_view text = *raw.log;
    if (text == "json")
        return LogFormat::json;
    if (text == "text")
        return LogFormat::text;
    if (text == "none")
        return LogFormat::none;
    if (text == "auto")
        return stderr_is_terminal ? LogFormat::text : LogFormat::json;
    reject("--log", text, "is not a log format: use json, text, none or auto");
}

// curl's --retry-all-errors: every status from 400 and every failure a server or a network
// can cause; not rfetch's own (a file it cannot write, a signal, a bug).
void add_every_error(RetrySet& set) {
    set.add_status_class(4);
    set.add_status_class(5);
    for (const FailureKind kind : kRetryableKinds) {
        set.add_kind(kind);
    }
    for (const FailureKind kind :
         {FailureKind::proxy, FailureKind::protocol, FailureKind::redirects, FailureKind::other}) {
        set.add_kind(kind);
    }
}

RetrySet parse_retry_on(const std::optional<std::string>& text) {
    if (!text) {
        return RetrySet::defaults();
    }
    auto parsed = parse_retry_set(*text);
    if (parsed.mixed_signs) {
        reject("--retry-on", *text,
               "mixes signed and plain items at '" + parsed.bad_item +
                   "': sign every item to edit the default set (+429,-503), or none to replace "
                   "it (429,500)");
    }
    if (!parsed.set) {
        reject("--retry-on", *text,
               "has '" + parsed.bad_item +
                   "', which is none of: a status from 400 to 599 (503), a class (4xx, 5xx), or a "
                   "failure kind (dns, "
                   "connect, timeout, reset, tls, empty, partial)");
    }
    return *parsed.set;
}

template <typename T>
T accept(std::string_view flag, std::string_view text, ParseResult<T> parsed) {
    if (!parsed.value) {
        reject(flag, text, parsed.error);
    }
    return std::move(*parsed.value);
}

bool has_tcp_target(const std::vector<Target>& targets) {
    return std::ranges::any_of(targets,
                               [](const Target& target) { return is_tcp_target(target.url); });
}

// Any --until-* flag polls, and so does a tcp:// target, which can only be waited for.
std::optional<PollingPolicy> build_polling(const RawOptions& raw,
                                           const std::vector<Target>& targets) {
    if (raw.unix_socket && has_tcp_target(targets)) {
        // A tcp:// target asks whether a TCP port accepts connections; a Unix socket has none.
        reject("--unix-socket", *raw.unix_socket,
               "cannot carry a tcp:// target, which is polled over TCP: wait for an http:// URL "
               "through the socket instead");
    }
    if (!raw.until_status && !raw.until_body && raw.until_json.empty() && !raw.until_down &&
        !has_tcp_target(targets)) {
        for (const auto& [flag, value] :
             {std::pair{"--consecutive", raw.consecutive}, std::pair{"--stable", raw.stable}}) {
            if (value) {
                reject(flag, *value,
                       "counts polls that meet a condition: add --until-status, --until-body, "
                       "--until-json or --until-down, or wait for a tcp:// target");
            }
        }
        return std::nullopt;
    }
    if (raw.until_down && (raw.until_body || !raw.until_json.empty())) {
        throw UsageError(std::string("--until-down cannot be used with ") +
                         (raw.until_body ? "--until-body" : "--until-json") +
                         ": a service that is down has no body to check; --until-status names "
                         "the statuses that count as up");
    }
    PollingPolicy polling;
    polling.until_down = raw.until_down;
    if (raw.until_status) {
        polling.condition.statuses =
            accept("--until-status", *raw.until_status, parse_status_list(*raw.until_status));
    }
    if (raw.until_body) {
        polling.condition.body =
            accept("--until-body", *raw.until_body, parse_body_pattern(*raw.until_body));
    }
    for (const std::string& text : raw.until_json) {
        polling.condition.json.push_back(accept("--until-json", text, parse_json_condition(text)));
    }
    if (raw.consecutive) {
        polling.consecutive = parse_whole<int>("--consecutive", *raw.consecutive, 1, 1000);
    }
    if (raw.stable) {
        polling.stable = parse_time("--stable", *raw.stable, false);
    }
    // Ready at once means ready together: a target that was ready is checked again at the
    // interval until the others are.
    polling.keep_polling_when_ready = targets.size() > 1;
    return polling;
}

// `-- COMMAND ARGS...` runs in rfetch's place, and its output is stdout's: the bodies rfetch
// would have written there go nowhere.
std::vector<std::string> build_command(const RawOptions& raw, std::vector<Target>& targets) {
    if (!raw.command) {
        return {};
    }
    if (raw.command->empty()) {
        throw UsageError(
            "--: nothing follows it; write the command to run once the run succeeds: rfetch "
            "URL -- COMMAND ARGS...");
    }
    for (Target& target : targets) {
        if (!target.output) {
            target.output = "/dev/null";
        }
    }
    return *raw.command;
}

// RFC 9110 §5.1: a field name is a token, one or more tchars.
bool is_header_name(std::string_view name) {
    static constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
    return !name.empty() && std::ranges::all_of(name, [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
               kSymbols.find(c) != std::string_view::npos;
    });
}

// curl's -H "Name;": no colon, a name, then ';'. Such a line goes to libcurl as it is, which
// reads it as curl does: "Name;" sends Name with no value, and anything after the ';' but
// "Name;" itself sends nothing.
bool is_semicolon_header(std::string_view line) {
    const auto semicolon = line.find(';');
    return line.find(':') == std::string_view::npos && semicolon != std::string_view::npos &&
           semicolon > 0 && line.find_first_of(" \t") > semicolon &&
           line.find_first_of("\r\n") == std::string_view::npos;
}

Header parse_header(std::string_view line) {
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 ||
        line.find_first_of("\r\n") != std::string_view::npos) {
        // Without a colon the value's start is unknown; a credential header loses all of it.
        const std::string_view name = line.substr(0, line.find_first_of(" \t:"));
        std::string shown = std::string(name) + " " + std::string(kRedacted);
        if (colon != std::string_view::npos) {
            shown = redact_header_line(line);
        } else if (!is_secret_header(name)) {
            shown = std::string(line);
        }
        reject("--header", shown, "is not a header: use 'Name: value' on one line");
    }
    return {std::string(trim_whitespace(line.substr(0, colon))),
            std::string(trim_whitespace(line.substr(colon + 1)))};
}

bool has_header(const std::vector<Header>& headers, std::string_view name) {
    return std::ranges::any_of(
        headers, [name](const Header& h) { return equals_ignoring_case(h.name, name); });
}

std::string random_uuid() {
    std::random_device device;
    std::array<std::uint8_t, 16> bytes{};
    for (auto& byte : bytes) {
        byte = static_cast<std::uint8_t>(device());
    }
    return uuid_v4(bytes);
}

// The log shows a key the same way however it was given: a Structured Field String sent by
// hand is shown without its quotes and escapes.
std::string unquote_field(std::string_view value) {
    if (value.size() < 2 || !value.starts_with('"') || !value.ends_with('"')) {
        return std::string(value);
    }
    std::string key;
    for (std::size_t i = 1; i + 1 < value.size(); ++i) {
        if (value[i] == '\\' && i + 2 < value.size()) {
            ++i;
        }
        key.push_back(value[i]);
    }
    return key;
}

// --idempotency-key is a shorthand for -H 'Idempotency-Key: KEY': the key goes out as given,
// unquoted, as payment APIs (Stripe, Adyen, PayPal) expect; 'auto' sends a bare UUID v4. A
// server that wants the draft's quoted form gets it from --idempotency-key '"KEY"'.
void add_idempotency_key(const std::optional<std::string>& flag, Config& config) {
    const auto by_hand = std::ranges::find_if(config.request.headers, [](const Header& h) {
        return equals_ignoring_case(h.name, "Idempotency-Key");
    });
    if (flag && by_hand != config.request.headers.end()) {
        throw UsageError(
            "--idempotency-key and --header 'Idempotency-Key: ...' cannot be used together");
    }
    if (flag) {
        const std::string sent = *flag == "auto" ? random_uuid() : *flag;
        config.idempotency_key = unquote_field(sent);
        if (!is_valid_idempotency_key(*config.idempotency_key)) {
            reject("--idempotency-key", *flag,
                   "is not a usable key: use printable ASCII characters, or 'auto'");
        }
        config.request.headers.push_back({"Idempotency-Key", sent});
    } else if (by_hand != config.request.headers.end()) {
        config.idempotency_key = unquote_field(by_hand->value);
        if (!is_valid_idempotency_key(*config.idempotency_key)) {
            reject("--header", "Idempotency-Key: " + by_hand->value,
                   "has no usable key: use printable ASCII characters");
        }
    }
}

std::optional<std::optional<TraceParent>> resolve_trace(const std::optional<std::string>& raw) {
    if (!raw) {
        return std::nullopt;
    }
    if (raw->empty()) {
        return std::optional<TraceParent>{};
    }
    const auto parent = parse_traceparent(*raw);
    if (!parent) {
        reject("--traceparent", *raw,
               "is not a traceparent: use 00-<32 hex digits>-<16 hex digits>-<2 hex digits>, "
               "or no value to start a new trace");
    }
    return parent;
}

void add_request_id(const std::optional<std::string>& raw, Config& config) {
    if (!raw) {
        return;
    }
    std::string id = raw->empty() ? random_uuid() : *raw;
    if (id.find_first_of("\r\n") != std::string::npos) {
        reject("--request-id", id, "must be on one line");
    }
    config.request.headers.push_back({"X-Request-Id", id});
    config.request_id = std::move(id);
}

// The header is rfetch's to write on each attempt: one given with -H as well would go out twice.
void add_attempt_header(const std::optional<std::string>& raw, Config& config) {
    if (!raw) {
        return;
    }
    const std::string name = raw->empty() ? std::string(kDefaultAttemptHeader) : *raw;
    if (!is_header_name(name)) {
        reject("--attempt-header", name, "is not a header name");
    }
    if (has_header(config.request.headers, name)) {
        throw UsageError("--attempt-header " + name + " and --header '" + name +
                         ": ...' cannot be used together");
    }
    config.attempt_header = name;
}

// curl's -F: the body is built once, and every attempt sends the same bytes. A -T's file is
// read as the targets it is bound to are made (see apply_upload_files).
void add_form(const RawOptions& raw, Surroundings& surroundings, Request& request) {
    if (uploads_any_file(raw) && (request.body || !raw.form.empty())) {
        throw UsageError(std::string("--upload-file cannot be used with ") +
                         (request.body ? "--data or --json" : "--form"));
    }
    if (!raw.form.empty() && request.body) {
        throw UsageError("--form cannot be used with --data or --json");
    }
    if (!raw.form.empty()) {
        FormSettings settings;
        settings.backslash_escape = raw.form_escape;
        // As curl's: 24 dashes and 16 random hex digits.
        settings.new_boundary = [] {
            return "------------------------" + random_uuid().substr(0, 8) +
                   random_uuid().substr(24, 8);
        };
        const auto given = std::ranges::find_if(request.headers, [](const Header& header) {
            return equals_ignoring_case(header.name, "Content-Type");
        });
        if (given != request.headers.end()) {
            settings.content_type = given->value;
        }
        FormBody form = build_form_body(raw.form, settings, surroundings.stdin_stream);
        request.body = std::move(form.body);
        if (given != request.headers.end()) {
            given->value = form.content_type;
        } else {
            request.headers.push_back({"Content-Type", form.content_type});
        }
    }
}

Request build_request(const RawOptions& raw, Surroundings& surroundings) {
    Request request;
    for (const std::string& line :
         header_lines("--header", raw.headers, surroundings.stdin_stream)) {
        if (is_semicolon_header(line)) {
            request.verbatim_headers.push_back(line);
        } else {
            request.headers.push_back(parse_header(line));
        }
    }
    request.body = join_body(raw.body, surroundings.stdin_stream);
    add_form(raw, surroundings, request);
    // As in curl, one --json anywhere makes the whole body JSON.
    if (std::ranges::any_of(
            raw.body, [](const BodyPiece& piece) { return piece.kind == BodyPiece::Kind::json; })) {
        for (const char* name : {"Content-Type", "Accept"}) {
            if (!has_header(request.headers, name)) {
                request.headers.push_back({name, "application/json"});
            }
        }
    }
    // With -G the body becomes the query (see apply_curl_settings), and the method stays GET.
    const bool body_sent = request.body && !raw.get;
    if (raw.head && (body_sent || uploads_any_file(raw) || raw.method)) {
        throw UsageError(std::string("--head sends HEAD and cannot be used with ") +
                         (raw.method ? "--request" : "a body"));
    }
    // A URL with a -T is sent PUT, or -X's method (see apply_upload_files).
    request.method = raw.method.value_or(raw.head ? "HEAD" : body_sent ? "POST" : "GET");
    if (request.method.empty() || request.method.find_first_of(" \t\r\n") != std::string::npos) {
        reject("--request", request.method, "is not a method name");
    }
    return request;
}

std::uint64_t parse_buffer(std::string_view text) {
    constexpr std::uint64_t kMaxBuffer = 1024ULL * 1024 * 1024;
    const auto size = parse_byte_size(text);
    if (!size || *size > kMaxBuffer) {
        reject("--buffer", text,
               "is not a size from 0 to 1G: use a whole number of bytes, with an optional K, M or "
               "G suffix");
    }
    return *size;
}

std::optional<WriteOut> parse_write_out(const std::optional<std::string>& given,
                                        std::istream& stdin_stream) {
    if (!given) {
        return std::nullopt;
    }
    // As curl: @FILE (@- for stdin) holds the format.
    const std::string format =
        given->starts_with('@') ? read_body_argument("--write-out", *given, stdin_stream) : *given;
    auto parsed = WriteOut::parse(format);
    if (auto* error = std::get_if<std::string>(&parsed)) {
        reject("--write-out", format, *error + "; see WRITE-OUT VARIABLES in rfetch(1)");
    }
    return std::get<WriteOut>(std::move(parsed));
}

void build_output(const RawOptions& raw, std::istream& stdin_stream, Config& config) {
    // "-o -" is stdout, as in curl.
    const bool to_files =
        raw.remote_name_all || std::ranges::any_of(raw.outputs, [](const OutputChoice& choice) {
            return choice.kind == OutputChoice::Kind::remote_name ||
                   (choice.kind == OutputChoice::Kind::file && choice.file != "-");
        });
    config.create_dirs = raw.create_dirs;
    config.buffer_limit = parse_buffer(raw.buffer);
    config.write_out = parse_write_out(raw.write_out, stdin_stream);
    // As curl, which asks libcurl for the certificate chain whenever -w is given.
    config.transfer.cert_info = config.write_out.has_value();
    config.include_head = raw.include || raw.head;
    config.result_document = raw.result;
    if (raw.libcurl) {
        if (raw.libcurl->empty()) {
            reject("--libcurl", *raw.libcurl, "is not a file name");
        }
        config.libcurl_file = raw.libcurl;
    }
    if (raw.result && to_files) {
        throw UsageError(
            "--result writes to stdout and cannot be used with --output or "
            "--remote-name");
    }
    if (raw.result && config.include_head) {
        throw UsageError(
            "--result already has the headers and cannot be used with --include or "
            "--head");
    }
    if (raw.dump_header) {
        if (raw.dump_header->empty()) {
            reject("--dump-header", *raw.dump_header, "is not a file name");
        }
        if (*raw.dump_header != "-") {
            config.dump_header = raw.dump_header;
        } else if (raw.result) {
            throw UsageError("--dump-header - and --result cannot be used together");
        } else if (to_files) {
            config.dump_header = raw.dump_header;
        } else {
            // The head goes to stdout either way, so before the body, where a reader expects it.
            config.include_head = true;
        }
    }
}

// The message that refuses a line break shows it, on the one line a message has.
std::string escape_line_breaks(std::string_view text) {
    std::string shown;
    for (const char c : text) {
        if (c == '\r') {
            shown += "\\r";
        } else if (c == '\n') {
            shown += "\\n";
        } else {
            shown.push_back(c);
        }
    }
    return shown;
}

// As curl: any count of 0 or more is a limit, and -1 follows any number of redirects.
std::optional<long> parse_max_redirects(std::string_view text) {
    long count = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
    if (error != std::errc{} || end != text.data() + text.size() || count < -1) {
        reject("--max-redirs", text, "is not a whole number of redirects, or -1 for no limit");
    }
    if (count == -1) {
        return std::nullopt;
    }
    return count;
}

TransferSettings build_transfer(const RawOptions& raw) {
    TransferSettings transfer;
    transfer.follow_redirects = raw.location;
    transfer.max_redirects = parse_max_redirects(raw.max_redirs);
    transfer.insecure = raw.insecure;
    transfer.ca_file = raw.cacert;
    if (raw.cacert && !std::filesystem::is_regular_file(*raw.cacert)) {
        reject("--cacert", *raw.cacert, "is not a file rfetch can read");
    }
    transfer.tls = build_tls_settings(raw.tls);
    if (raw.max_filesize) {
        const auto most = parse_byte_size(*raw.max_filesize);
        if (!most) {
            reject("--max-filesize", *raw.max_filesize,
                   "is not a size: use a whole number of bytes, with an optional K, M or G "
                   "suffix");
        }
        // As curl: 0 is no limit.
        if (*most > 0) {
            transfer.max_body_bytes = most;
        }
    }
    transfer.compressed = raw.compressed;
    transfer.credentials = raw.user;
    transfer.proxy = raw.proxy;
    transfer.user_agent = raw.user_agent.value_or("rfetch/" RFETCH_VERSION);
    if (transfer.user_agent.find_first_of("\r\n") != std::string::npos) {
        // A line break would end the header and start another one of the caller's making.
        reject("--user-agent", escape_line_breaks(transfer.user_agent),
               "is not a header value: use one line, without CR or LF");
    }
    transfer.verbose = raw.verbose;
    return transfer;
}

// The colon splits "10:0.1" and "5:30s"; a missing one leaves an empty second part.
std::pair<std::string_view, std::string_view> split_pair(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos) {
        return {text, {}};
    }
    return {text.substr(0, colon), text.substr(colon + 1)};
}

std::optional<RetryBudgetPolicy> parse_retry_budget(const std::optional<std::string>& text) {
    if (!text) {
        return std::nullopt;
    }
    const auto bad = [&text] {
        reject("--retry-budget", *text,
               "is not MAX:RATIO: a whole number of tokens from 1 to 1000, a colon, and the "
               "tokens a success earns back, from 0.001 to MAX (10:0.1)");
    };
    const auto [max_text, ratio_text] = split_pair(*text);
    int max = 0;
    const auto [max_end, max_error] =
        std::from_chars(max_text.data(), max_text.data() + max_text.size(), max);
    double ratio = 0;
    const auto [ratio_end, ratio_error] =
        std::from_chars(ratio_text.data(), ratio_text.data() + ratio_text.size(), ratio);
    if (max_error != std::errc{} || max_end != max_text.data() + max_text.size() || max < 1 ||
        max > 1000 || ratio_error != std::errc{} ||
        ratio_end != ratio_text.data() + ratio_text.size() || !std::isfinite(ratio)) {
        bad();
    }
    // gRPC keeps three decimal places of the ratio and ignores the rest.
    const RetryBudgetPolicy policy{std::int64_t{max} * 1000, std::llround(ratio * 1000)};
    if (policy.ratio_milli < 1 || policy.ratio_milli > policy.max_milli) {
        bad();
    }
    return policy;
}

std::optional<CircuitBreakerPolicy> parse_circuit_breaker(const std::optional<std::string>& text) {
    if (!text) {
        return std::nullopt;
    }
    const auto [failures_text, cooldown_text] = split_pair(*text);
    int failures = 0;
    const auto [end, error] = std::from_chars(
        failures_text.data(), failures_text.data() + failures_text.size(), failures);
    const auto cooldown = parse_duration(cooldown_text);
    if (error != std::errc{} || end != failures_text.data() + failures_text.size() ||
        failures < 1 || failures > 1000 || !cooldown || cooldown->count() == 0) {
        reject("--circuit-breaker", *text,
               "is not N:COOLDOWN: a whole number of failed runs from 1 to 1000, a colon, and a "
               "duration longer than zero (5:30s)");
    }
    return CircuitBreakerPolicy{failures, *cooldown};
}

// --state-dir (or RFETCH_STATE_DIR), else the XDG Base Directory's state home.
std::string resolve_state_dir(const RawOptions& raw, const EnvironmentLookup& environment) {
    if (raw.state_dir) {
        if (raw.state_dir->empty()) {
            reject("--state-dir", *raw.state_dir, "is not a directory name");
        }
        return *raw.state_dir;
    }
    if (auto xdg = environment("XDG_STATE_HOME"); xdg && !xdg->empty()) {
        return *xdg + "/rfetch";
    }
    if (auto home = environment("HOME"); home && !home->empty()) {
        return *home + "/.local/state/rfetch";
    }
    throw UsageError(
        "no state directory: give --state-dir, or set RFETCH_STATE_DIR, XDG_STATE_HOME or HOME");
}

// --state-url and --state-timeout. A password in the URL is never echoed back.
struct StateStoreChoice {
    std::optional<StateUrl> url;
    Duration timeout{100};
};

// A URL that did not parse cannot be trusted to redact: everything up to its last '@' may be
// a password, whatever characters it holds.
std::string without_userinfo(std::string_view url) {
    const auto at = url.rfind('@');
    if (at == std::string_view::npos) {
        return std::string(url);
    }
    const auto scheme_end = url.find("://");
    const std::string_view scheme = scheme_end == std::string_view::npos || scheme_end > at
                                        ? ""
                                        : url.substr(0, scheme_end + 3);
    return std::string(scheme) + "***@" + std::string(url.substr(at + 1));
}

StateStoreChoice resolve_state_store(const RawOptions& raw) {
    StateStoreChoice choice;
    if (raw.state_url) {
        StateUrlResult parsed = parse_state_url(*raw.state_url);
        if (!parsed.url) {
            reject("--state-url", without_userinfo(*raw.state_url), parsed.problem);
        }
        choice.url = std::move(parsed.url);
    }
    if (raw.state_timeout) {
        choice.timeout = parse_time("--state-timeout", *raw.state_timeout, false);
        if (choice.timeout > Duration{60'000}) {
            reject("--state-timeout", *raw.state_timeout,
                   "is longer than a minute: the state store must never hold a fetch up");
        }
    }
    return choice;
}

}  // namespace

std::optional<std::string> process_environment(const std::string& name) {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
        return std::nullopt;
    }
    return std::string(value);
}

namespace {

BackoffPolicy build_backoff(const RawOptions& raw, bool polling) {
    // curl's --retry-delay is a fixed wait; 0 asks for curl's backoff, which rfetch's is.
    if (raw.retry_delay) {
        const Duration wait = parse_time("--retry-delay", *raw.retry_delay, true);
        if (wait.count() > 0) {
            return {wait, wait, 1.0, JitterMode::none};
        }
    }
    auto interval = parse_optional_time("--interval", raw.interval);
    // A poll checks at a steady pace, as wait-for-it and a shell loop do, unless the user
    // shaped the backoff: a backoff that grows would notice readiness ever later.
    if (!interval && polling && !raw.delay && !raw.max_delay && !raw.multiplier && !raw.jitter) {
        interval = kDefaultPollInterval;
    }
    if (interval) {
        // The cap too: an interval longer than --max-delay would be cut to it.
        return {*interval, *interval, 1.0, JitterMode::none};
    }
    BackoffPolicy backoff;
    backoff.base = parse_time("--delay", raw.delay.value_or("1s"), true);
    backoff.cap = parse_time("--max-delay", raw.max_delay.value_or("30s"), true);
    backoff.multiplier = parse_multiplier(raw.multiplier.value_or("2"));
    backoff.jitter = parse_jitter(raw.jitter.value_or("full"));
    return backoff;
}

// --hedge-after: every request of a race reaches the server, so only a safe method (RFC 9110
// §9.2.1) may be hedged without a key that lets the server see the copy for what it is. Even
// an idempotent PUT or DELETE is not safe to send twice at once: the copies can interleave with
// another client's request. A poll asks again on its own interval, so it is never hedged.
std::optional<HedgePolicy> build_hedge(const RawOptions& raw, const Config& config) {
    if (!raw.hedge_after) {
        if (raw.hedge_max) {
            reject("--hedge-max", *raw.hedge_max, "caps the hedges of --hedge-after: add it");
        }
        return std::nullopt;
    }
    HedgePolicy hedge;
    hedge.after = parse_time("--hedge-after", *raw.hedge_after, false);
    if (hedge.after > kLongestHedgeAfter) {
        reject("--hedge-after", *raw.hedge_after, "is longer than a day");
    }
    if (raw.hedge_max) {
        hedge.max = parse_whole<int>("--hedge-max", *raw.hedge_max, 1, kMostHedges);
    }
    // Each URL's own method: one with a -T is sent PUT (or -X's), the others the request's.
    for (const Target& target : config.targets) {
        const std::string& method = method_for(config, target);
        if (method != "GET" && method != "HEAD" && !config.idempotency_key) {
            throw UsageError("--hedge-after: a hedge is a second " + method +
                             " sent while the first may still be carried out, and only GET and "
                             "HEAD are safe to send twice at once; add --idempotency-key so the "
                             "server can drop the copy");
        }
    }
    if (config.policy.polling) {
        throw UsageError(
            "--hedge-after cannot be used when polling: a poll asks again on its own interval");
    }
    return hedge;
}

}  // namespace

// curl's -H @FILE (@- for stdin): each line of the file is a -H of its own; blank lines and
// line ends are left out, and so is a line with neither a colon nor a "Name;", which libcurl
// would not send (on the command line such a -H is refused: a typo, more likely than not).
std::vector<std::string> header_lines(std::string_view flag, const std::vector<std::string>& given,
                                      std::istream& stdin_stream) {
    std::vector<std::string> lines;
    for (const std::string& header : given) {
        if (!header.starts_with('@')) {
            lines.push_back(header);
            continue;
        }
        std::istringstream file(read_body_argument(flag, header, stdin_stream));
        for (std::string line; std::getline(file, line);) {
            if (line.ends_with('\r')) {
                line.pop_back();
            }
            if (line.find(':') != std::string::npos || is_semicolon_header(line)) {
                lines.push_back(line);
            }
        }
    }
    return lines;
}

Config build_config(const RawOptions& raw, Surroundings& surroundings) {
    // First, so that no message of what follows can show such a header's value.
    for (const std::string& name : raw.redact_headers) {
        if (!is_header_name(name)) {
            reject("--redact-header", name, "is not a header name");
        }
        add_secret_header(name);
    }
    Config config;
    config.targets = build_targets(raw, surroundings, config.warnings);
    config.policy.polling = build_polling(raw, config.targets);
    const bool polling = config.policy.polling.has_value();
    if (raw.curl_retry) {
        config.policy.retries = parse_whole<int>("--retry", *raw.curl_retry, 0, 1'000'000);
    } else if (raw.retries) {
        config.policy.retries = parse_whole<int>("--retries", *raw.retries, 0, 1'000'000);
    } else {
        config.policy.retries = polling ? std::nullopt : std::optional<int>(kDefaultRetries);
    }
    config.policy.backoff = build_backoff(raw, polling);
    config.policy.retry_on = parse_retry_on(raw.retry_on);
    // A poll waits for the service, as long as the deadline allows; only an explicit limit
    // makes it give up on a long Retry-After sooner.
    config.policy.max_retry_after =
        raw.max_retry_after ? parse_time("--max-retry-after", *raw.max_retry_after, true)
                            : (polling ? kMaxDuration : kDefaultMaxRetryAfter);
    if (raw.retry_all_errors) {
        add_every_error(config.policy.retry_on);
    }
    config.policy.retry_window = parse_curl_time_limit("--retry-max-time", raw.retry_max_time);
    config.policy.ratelimit_reset = parse_reset_unit(raw.ratelimit_reset.value_or("auto"));
    config.policy.retry_unsafe = raw.retry_unsafe;
    config.seed =
        raw.seed ? parse_whole<std::uint64_t>("--seed", *raw.seed, 0, kMaxSeed) : fresh_seed();

    config.limits.deadline = parse_optional_time("--deadline", raw.deadline);
    if (!raw.deadline && polling) {
        config.limits.deadline = kPollingDeadline;
    }
    // curl's -m wins over --timeout, 0 included: a curl command line keeps curl's meaning.
    config.limits.attempt_timeout = raw.max_time ? parse_curl_time_limit("--max-time", raw.max_time)
                                                 : parse_optional_time("--timeout", raw.timeout);
    if (raw.connect_timeout) {
        const Duration connect = parse_time("--connect-timeout", *raw.connect_timeout, true);
        if (connect.count() == 0) {
            // curl's 0: libcurl's own limit. Like the default, a ceiling that keeps no time
            // free before the deadline.
            config.limits.connect_timeout = kLibcurlConnectTimeout;
        } else {
            config.limits.connect_timeout = connect;
            config.policy.connect_timeout = connect;
        }
    }
    config.limits.stall_timeout = parse_time("--stall-timeout", raw.stall_timeout, false);

    // curl's --stderr sends stderr to a file (or stdout), which is no terminal to draw on.
    const bool stderr_is_terminal = surroundings.stderr_is_terminal && !raw.stderr_file;
    if (raw.stderr_file) {
        if (raw.stderr_file->empty()) {
            reject("--stderr", *raw.stderr_file, "is not a file name");
        }
        config.stderr_file = raw.stderr_file;
    }
    config.log_format = parse_log_format(raw, stderr_is_terminal);
    config.transfer = build_transfer(raw);
    config.request = build_request(raw, surroundings);
    apply_curl_settings(raw, surroundings, config);
    // A poll of several targets waits for all of them at once: one after another, the first
    // would be long ready, or gone again, by the time the last is polled.
    config.parallel = raw.parallel || (polling && config.targets.size() > 1);
    if (raw.parallel_max) {
        // As curl: 0 is the default, and a count past the most is held at it (curl's at 300).
        const std::string& text = *raw.parallel_max;
        std::size_t most = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), most);
        if (end != text.data() + text.size() ||
            (error != std::errc{} && error != std::errc::result_out_of_range)) {
            reject("--parallel-max", text, "is not a whole number");
        }
        if (error == std::errc::result_out_of_range) {
            most = std::numeric_limits<std::size_t>::max();
        }
        if (most > kMaxParallel) {
            config.warnings.push_back("--parallel-max: '" + *raw.parallel_max + "' is held at " +
                                      std::to_string(kMaxParallel) +
                                      ": each URL under way holds a connection");
            config.parallel_max = kMaxParallel;
        } else if (most > 0) {
            config.parallel_max = most;
        }
    }
    if (raw.rate == "auto") {
        config.adaptive_pace = true;
    } else if (raw.rate) {
        config.pace_interval = parse_rate(*raw.rate);
    }
    // One bar cannot show many transfers; the log still says what each one did. A JSON log
    // promises JSON on every line, which a bar is not. curl's -# draws it on any stderr, and
    // --no-progress-meter on none.
    const bool draws_progress =
        raw.progress == "bar" || (raw.progress != "off" && stderr_is_terminal);
    config.show_progress = draws_progress && !raw.silent && config.targets.size() == 1 &&
                           config.log_format != LogFormat::json;

    add_idempotency_key(raw.idempotency_key, config);
    config.policy.has_idempotency_key = config.idempotency_key.has_value();
    if (config.idempotency_key && config.targets.size() > 1) {
        // A server would take every URL's request after the first for a replay of it.
        throw UsageError("an idempotency key names one operation and cannot be sent to " +
                         std::to_string(config.targets.size()) +
                         " URLs at once: run rfetch once per URL");
    }
    add_request_id(raw.request_id, config);
    add_attempt_header(raw.attempt_header, config);
    config.hedge = build_hedge(raw, config);
    config.trace = resolve_trace(raw.traceparent);
    build_output(raw, surroundings.stdin_stream, config);
    if (raw.fail && raw.no_fail) {
        throw UsageError("--fail and --no-fail cannot be used together");
    }
    if (raw.fail && raw.fail_with_body) {
        throw UsageError("--fail and --fail-with-body cannot be used together");
    }
    if (raw.fail_with_body && raw.no_fail) {
        throw UsageError("--fail-with-body and --no-fail cannot be used together");
    }
    config.no_fail = raw.no_fail;
    config.fail_with_body = raw.fail_with_body;
    config.command = build_command(raw, config.targets);

    config.shared.retry_budget = parse_retry_budget(raw.retry_budget);
    config.shared.circuit_breaker = parse_circuit_breaker(raw.circuit_breaker);
    if (raw.cooperate) {
        config.shared.cooperation = CooperationPolicy{};
    }
    const StateStoreChoice store = resolve_state_store(raw);
    config.state_url = store.url;
    config.state_timeout = store.timeout;
    if (config.shared.any() || config.adaptive_pace) {
        if (!config.state_url) {
            config.state_dir = resolve_state_dir(raw, surroundings.environment);
        }
        for (Target& target : config.targets) {
            const auto origin = origin_of(target.url);
            if (!origin) {
                reject("URL", redact_url(target.url),
                       "has no origin (scheme://host:port) to keep shared state for");
            }
            target.origin = *origin;
        }
    }
    return config;
}

StateCommand build_state_command(const RawOptions& raw, Surroundings& surroundings) {
    if (raw.state && raw.reset_state) {
        throw UsageError("--state and --reset-state cannot be used together");
    }
    if (!raw.urls.empty() || !raw.url_options.empty()) {
        const std::string& url = raw.urls.empty() ? raw.url_options.front() : raw.urls.front();
        throw UsageError(std::string(raw.state ? "--state" : "--reset-state") +
                         " fetches nothing, so takes no URL ('" + redact_url(url) +
                         "'); to clear one origin, write --reset-state=ORIGIN");
    }
    StateCommand command;
    const StateStoreChoice store = resolve_state_store(raw);
    command.state_url = store.url;
    command.state_timeout = store.timeout;
    if (!command.state_url) {
        command.state_dir = resolve_state_dir(raw, surroundings.environment);
    }
    if (raw.reset_state) {
        command.action = StateCommand::Action::reset;
        if (!raw.reset_state->empty()) {
            command.origin = origin_of(*raw.reset_state);
            if (!command.origin) {
                reject("--reset-state", *raw.reset_state,
                       "is not an origin: use scheme://host[:port], such as "
                       "https://example.com");
            }
        }
    }
    return command;
}

}  // namespace rfetch
