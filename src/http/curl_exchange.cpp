#include "http/curl_exchange.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <type_traits>

#include "core/base/ascii.h"
#include "core/base/origin.h"
#include "core/base/tcp_target.h"
#include "core/log/redact.h"
#include "core/output/header_line.h"
#include "core/retry/redirect_wait.h"
#include "http/allowed_protocols.h"
#include "http/curl_failure.h"
#include "http/http_date.h"

namespace rfetch {
namespace {

// libcurl 7.88 caps each header line but not their number; a server that sends headers
// forever would otherwise fill memory. No honest response head comes near this.
constexpr std::size_t kMaxHeadBytes = std::size_t{256} * 1024;

constexpr long kReceiveBufferBytes = 100L * 1024;

std::string http_version_name(long version) {
    switch (version) {
        case CURL_HTTP_VERSION_1_0:
            return "1.0";
        case CURL_HTTP_VERSION_1_1:
            return "1.1";
        case CURL_HTTP_VERSION_2_0:
            return "2";
        case CURL_HTTP_VERSION_3:
            return "3";
        default:
            return "";
    }
}

// The status and version of the response being received, as libcurl knows them by now.
void read_status(CURL* easy, Response& response) {
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    long version = 0;
    curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &version);
    response.status = static_cast<int>(status);
    response.http_version = http_version_name(version);
}

// Nothing may unwind through libcurl's C frames: whatever a callback throws (no memory, most
// likely) becomes the attempt's internal failure, and the callback returns libcurl's value for
// stopping the transfer.
template <typename Result, typename Callback>
Result guarded(CurlExchange::State& exchange, Result stop, Callback&& callback) noexcept {
    try {
        return callback();
    } catch (const std::exception& error) {
        exchange.stopped = internal_failure(error);
    } catch (...) {
        exchange.stopped = internal_failure(std::runtime_error("an unknown exception"));
    }
    return stop;
}

size_t receive_body(CurlExchange::State* exchange, char* data, std::size_t bytes) {
    exchange->last_activity = std::chrono::steady_clock::now();
    if (exchange->redirecting) {
        return bytes;  // the body of a redirect rfetch follows: nobody reads it
    }
    // libcurl hands over no body of a redirect it follows, so the first byte belongs to the
    // final response, whose head is complete by now.
    if (!exchange->body_started) {
        exchange->body_started = true;
        read_status(exchange->easy, exchange->response);
        exchange->body_before = exchange->sink->body_offset(exchange->response);
    }
    // Counted after decoding, so --compressed cannot smuggle a bomb past the limit, and with
    // the bytes earlier attempts wrote when this one carries on from them. libcurl 7.88 checks
    // CURLOPT_MAXFILESIZE only against an announced length.
    if (exchange->settings->transfer.max_body_bytes &&
        exchange->body_before + exchange->body_bytes + bytes >
            *exchange->settings->transfer.max_body_bytes) {
        exchange->stopped =
            Failure{FailureKind::too_large, CURLE_FILESIZE_EXCEEDED,
                    "body larger than the limit of " +
                        std::to_string(*exchange->settings->transfer.max_body_bytes) + " bytes"};
        return 0;
    }
    exchange->body_bytes += bytes;
    // Holding a body can run out of memory: that is the output's failure, not rfetch's.
    try {
        if (auto failure =
                exchange->sink->on_body(exchange->response, std::string_view(data, bytes))) {
            exchange->stopped = std::move(failure);
            return 0;
        }
    } catch (const std::exception& error) {
        exchange->stopped = Failure{FailureKind::write, CURLE_WRITE_ERROR,
                                    std::string("cannot keep the body: ") + error.what()};
        return 0;
    }
    return bytes;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto* exchange = static_cast<CurlExchange::State*>(user);
    return guarded(*exchange, size_t{0},
                   [&] { return receive_body(exchange, data, size * count); });
}

// Asked at the end of each head. Only an error is final whatever follows it: a 1xx or a
// redirect being followed has another head after it.
bool body_wanted(CurlExchange::State& exchange) {
    read_status(exchange.easy, exchange.response);
    if (exchange.response.status < 400) {
        return true;
    }
    // With --digest, --ntlm or --anyauth, a 401 (a 407 with their --proxy- forms) is libcurl's
    // cue to answer the challenge with another request in the same transfer, not the final
    // response.
    const TransferSettings& transfer = exchange.settings->transfer;
    if ((exchange.response.status == 401 && transfer.auth != TransferSettings::Auth::basic) ||
        (exchange.response.status == 407 &&
         transfer.proxy_auth != TransferSettings::ProxyAuth::basic)) {
        return true;
    }
    return exchange.sink->wants_body(exchange.response);
}

// The head's Location resolved against the URL that answered, as libcurl resolves it to
// follow (curl_url_set on a handle that holds a URL takes a relative one against it).
std::optional<std::string> resolve_location(CURL* easy, const Response& head) {
    const auto location = head.header("Location");
    const char* base = nullptr;
    curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &base);
    if (!location || base == nullptr) {
        return std::nullopt;
    }
    const std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> url(curl_url(), curl_url_cleanup);
    const std::string relative(*location);
    char* resolved = nullptr;
    if (!url || curl_url_set(url.get(), CURLUPART_URL, base, 0) != CURLUE_OK ||
        curl_url_set(url.get(), CURLUPART_URL, relative.c_str(),
                     CURLU_URLENCODE | CURLU_ALLOW_SPACE | CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
        curl_url_get(url.get(), CURLUPART_URL, &resolved, 0) != CURLUE_OK) {
        return std::nullopt;
    }
    std::string text(resolved);
    curl_free(resolved);
    return text;
}

// rfetch follows after the wait only a Location it can follow: one that resolves to an http or
// https URL. Any other (a port out of range, another scheme) is left to libcurl, which fails on
// it at once, as it does without Retry-After.
bool is_web_url(std::string_view url) {
    const std::string start = to_lower(url.substr(0, 8));
    return start.starts_with("http://") || start.starts_with("https://");
}

bool followable_location(CURL* easy, const Response& head) {
    const auto url = resolve_location(easy, head);
    return url && is_web_url(*url);
}

// Redirects may lead only to http or https (libcurl's CURLOPT_REDIR_PROTOCOLS, which rfetch
// keeps). A redirect rfetch follows itself to another scheme fails as libcurl's following
// would, with its code, before rfetch would ask libcurl to speak that scheme.
std::optional<Failure> refused_scheme(CURL* easy, const Response& head) {
    const auto url = resolve_location(easy, head);
    if (!url || is_web_url(*url)) {
        return std::nullopt;
    }
    return Failure{
        failure_kind_for(CURLE_UNSUPPORTED_PROTOCOL), CURLE_UNSUPPORTED_PROTOCOL,
        "a redirect to " + url->substr(0, url->find(':')) + ", which redirects may not lead to"};
}

// RFC 9110 §10.2.3 lets a 3xx carry Retry-After: a redirect that asks for a wait is followed
// only after it. Read once, as the head arrives: the wait is judged from this reading too, so
// that an HTTP-date cannot ask for a wait here and for none a moment later.
std::optional<Duration> asked_wait(const Response& head) {
    const auto retry_after = head.header("Retry-After");
    if (!retry_after) {
        return std::nullopt;
    }
    return redirect_delay(*retry_after, std::chrono::system_clock::now(), parse_http_date);
}

size_t receive_header(CurlExchange::State* exchange, char* data, size_t size, size_t count) {
    exchange->last_activity = std::chrono::steady_clock::now();
    exchange->head_bytes += size * count;
    if (exchange->head_bytes > kMaxHeadBytes) {
        exchange->stopped =
            Failure{FailureKind::too_large, CURLE_FILESIZE_EXCEEDED,
                    "response head larger than " + std::to_string(kMaxHeadBytes) + " bytes"};
        return 0;
    }
    // After the body, libcurl hands over a chunked body's trailers: not part of the head.
    if (exchange->body_started) {
        return size * count;
    }
    const HeadLine line = parse_head_line(std::string_view(data, size * count));
    // Each status line starts a new head: after a redirect or a 100 Continue only the last one
    // describes the response the body belongs to.
    if (line.kind == HeadLine::Kind::status) {
        exchange->response.headers.clear();
        exchange->response.raw_head.clear();
    } else if (line.kind == HeadLine::Kind::field) {
        exchange->response.headers.push_back(line.field);
    }
    exchange->response.raw_head.append(data, size * count);
    if (line.kind == HeadLine::Kind::end && exchange->settings->transfer.follow_redirects) {
        read_status(exchange->easy, exchange->response);
        const int status = exchange->response.status;
        const auto location = exchange->response.header("Location");
        // libcurl follows any 3xx with a Location that is not empty; so does rfetch.
        const bool redirect = status >= 300 && status < 400 && location && !location->empty();
        exchange->asked_wait = redirect ? asked_wait(exchange->response) : std::nullopt;
        // Whoever follows it, a redirect to a Location rfetch cannot follow fails at once.
        if (exchange->asked_wait && !followable_location(exchange->easy, exchange->response)) {
            exchange->asked_wait.reset();
        }
        const bool held = exchange->asked_wait.has_value();
        if (held) {
            exchange->sink->redirect_held(exchange->response);
        }
        if (exchange->follow_myself) {
            exchange->redirecting = redirect;
            if (redirect) {
                if (auto refused = refused_scheme(exchange->easy, exchange->response)) {
                    exchange->stopped = std::move(refused);
                    return 0;
                }
            }
        } else if (held) {
            // libcurl would follow at once: ending the transfer at the head stops it, and
            // rfetch follows after the wait.
            exchange->redirecting = true;
            exchange->stopped_for_redirect = true;
            return 0;
        }
    }
    if (line.kind == HeadLine::Kind::end && !body_wanted(*exchange)) {
        // Ending the transfer here closes the connection; a body nobody reads is not waited for.
        exchange->body_declined = true;
        return 0;
    }
    return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* exchange = static_cast<CurlExchange::State*>(user);
    return guarded(*exchange, size_t{0},
                   [&] { return receive_header(exchange, data, size, count); });
}

// libcurl's own low-speed check averages over several seconds, so a burst of data delays it
// long past --stall-timeout. rfetch times the silence since the last byte instead; libcurl
// calls this at least about once a second while a transfer is idle.
int check_progress(CurlExchange::State* exchange, curl_off_t expected, curl_off_t received,
                   curl_off_t sent) {
    if (exchange->settings->interrupted()) {
        return 1;
    }
    if (exchange->sink->reader_gone()) {
        exchange->stopped = reader_went_away();
        return 1;
    }
    if (exchange->settings->on_download) {
        exchange->settings->on_download(static_cast<std::uint64_t>(received),
                                        static_cast<std::uint64_t>(expected));
    }
    curl_off_t started = 0;
    curl_easy_getinfo(exchange->easy, CURLINFO_PRETRANSFER_TIME_T, &started);
    const auto now = std::chrono::steady_clock::now();
    if (started == 0 || received + sent != exchange->bytes_moved) {
        // Still connecting (that has its own limit), or bytes moved either way: an upload in
        // progress is not a stall.
        exchange->bytes_moved = received + sent;
        exchange->last_activity = now;
    } else if (now - exchange->last_activity >= exchange->stall) {
        exchange->stopped = Failure{FailureKind::timeout, CURLE_OPERATION_TIMEDOUT,
                                    "nothing received for " + format_duration(exchange->stall)};
        return 1;
    }
    return 0;
}

int on_progress(void* user, curl_off_t expected, curl_off_t received, curl_off_t, curl_off_t sent) {
    auto* exchange = static_cast<CurlExchange::State*>(user);
    return guarded(*exchange, 1,
                   [&] { return check_progress(exchange, expected, received, sent); });
}

// libcurl's note "Server auth using Basic with user 'NAME'" names the URL's user part, which
// may be a token (https://TOKEN@host/): it is hidden as the URL's is.
std::string redact_note(std::string_view line) {
    static constexpr std::string_view kUser = "with user '";
    const auto start = line.find(kUser);
    if (start == std::string_view::npos) {
        return redact_header_line(line);
    }
    const auto name = start + kUser.size();
    const auto end = line.find('\'', name);
    return redact_header_line(line.substr(0, name)) + std::string(kRedacted) +
           (end == std::string_view::npos ? "" : redact_header_line(line.substr(end)));
}

void show_debug(curl_infotype type, std::string_view text) {
    const char* prefix = nullptr;
    switch (type) {
        case CURLINFO_TEXT:
            prefix = "* ";
            break;
        case CURLINFO_HEADER_IN:
            prefix = "< ";
            break;
        case CURLINFO_HEADER_OUT:
            prefix = "> ";
            break;
        default:
            return;
    }
    while (!text.empty()) {
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        if (!line.empty()) {
            const std::string shown =
                type == CURLINFO_TEXT ? redact_note(line) : redact_header_line(line);
            std::fprintf(stderr, "%s%s\n", prefix, shown.c_str());
        }
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    }
}

int on_debug(CURL*, curl_infotype type, char* data, size_t size, void*) {
    try {
        show_debug(type, std::string_view(data, size));
    } catch (...) {
        // A line that cannot be shown is dropped, and the transfer goes on: it has no state to
        // fail, and a trace is no reason to.
    }
    return 0;
}

long to_curl_millis(Duration d) {
    // 0 means "no limit" to libcurl; a limit that has run out must still stop the transfer.
    return static_cast<long>(std::max<Duration::rep>(1, d.count()));
}

std::chrono::microseconds elapsed_until(CURL* easy, CURLINFO info) {
    curl_off_t micros = 0;
    curl_easy_getinfo(easy, info, &micros);
    return std::chrono::microseconds(micros);
}

void read_timings(CURL* easy, Timings& timings) {
    timings.dns = elapsed_until(easy, CURLINFO_NAMELOOKUP_TIME_T);
    timings.connect = elapsed_until(easy, CURLINFO_CONNECT_TIME_T);
    timings.tls = elapsed_until(easy, CURLINFO_APPCONNECT_TIME_T);
    timings.pretransfer = elapsed_until(easy, CURLINFO_PRETRANSFER_TIME_T);
    timings.first_byte = elapsed_until(easy, CURLINFO_STARTTRANSFER_TIME_T);
    timings.total = elapsed_until(easy, CURLINFO_TOTAL_TIME_T);
    timings.redirects = elapsed_until(easy, CURLINFO_REDIRECT_TIME_T);
}

std::string text_info(CURL* easy, CURLINFO info) {
    const char* text = nullptr;
    curl_easy_getinfo(easy, info, &text);
    return text != nullptr ? text : "";
}

long long_info(CURL* easy, CURLINFO info) {
    long value = 0;
    curl_easy_getinfo(easy, info, &value);
    return value;
}

std::uint64_t size_info(CURL* easy, CURLINFO info) {
    curl_off_t value = 0;
    curl_easy_getinfo(easy, info, &value);
    return value > 0 ? static_cast<std::uint64_t>(value) : 0;
}

std::vector<Certificate> read_certificates(CURL* easy) {
    curl_certinfo* info = nullptr;
    std::vector<Certificate> chain;
    if (curl_easy_getinfo(easy, CURLINFO_CERTINFO, &info) != CURLE_OK || info == nullptr) {
        return chain;
    }
    for (int i = 0; i < info->num_of_certs; ++i) {
        Certificate& certificate = chain.emplace_back();
        for (const curl_slist* line = info->certinfo[i]; line != nullptr; line = line->next) {
            certificate.emplace_back(line->data);
        }
    }
    return chain;
}

void read_connection(CURL* easy, Connection& connection) {
    connection.local_ip = text_info(easy, CURLINFO_LOCAL_IP);
    connection.local_port = long_info(easy, CURLINFO_LOCAL_PORT);
    connection.remote_ip = text_info(easy, CURLINFO_PRIMARY_IP);
    connection.remote_port = long_info(easy, CURLINFO_PRIMARY_PORT);
    connection.connect_status = long_info(easy, CURLINFO_HTTP_CONNECTCODE);
    connection.tls_verify_result = long_info(easy, CURLINFO_SSL_VERIFYRESULT);
    connection.proxy_tls_verify_result = long_info(easy, CURLINFO_PROXY_SSL_VERIFYRESULT);
    connection.certificates = read_certificates(easy);
}

void read_sent(CURL* easy, const Request& request, Sent& sent) {
    sent.request_bytes =
        static_cast<std::uint64_t>(std::max(0L, long_info(easy, CURLINFO_REQUEST_SIZE)));
    sent.body_bytes = size_info(easy, CURLINFO_SIZE_UPLOAD_T);
    sent.body_speed = size_info(easy, CURLINFO_SPEED_UPLOAD_T);
    // -e goes as a header, which libcurl does not count as its Referer, and which wins over the
    // one libcurl sets itself on a redirect (-e ';auto').
    const auto given = std::ranges::find_if(request.headers, [](const Header& header) {
        return equals_ignoring_case(header.name, "Referer");
    });
    const char* referer = nullptr;
    curl_easy_getinfo(easy, CURLINFO_REFERER, &referer);
    if (given != request.headers.end()) {
        sent.referer = given->value;
    } else if (referer != nullptr) {
        sent.referer = referer;
    }
}

// --libcurl: while the first exchange sets its handle up, every option it sets is noted
// here too (see Recording). One thread sets up every handle.
thread_local LibcurlSource* recording = nullptr;

template <typename T>
void note(CURLoption option, T value) {
    if (recording == nullptr) {
        return;
    }
    if constexpr (std::is_integral_v<T> || std::is_enum_v<T>) {
        recording->record(option, static_cast<long long>(value));
    } else if constexpr (std::is_convertible_v<T, const char*>) {
        recording->record(option, static_cast<const char*>(value));
    } else if constexpr (std::is_convertible_v<T, const curl_slist*>) {
        recording->record(option, static_cast<const curl_slist*>(value));
    } else {
        recording->record_pointer(option, value != nullptr);
    }
}

// Notes, for --libcurl, the options of the exchange it is made for when that is the first.
class Recording {
  public:
    explicit Recording(LibcurlSource* source) {
        if (source != nullptr && source->claim()) {
            recording = source;
        }
    }
    ~Recording() { recording = nullptr; }
    Recording(const Recording&) = delete;
    Recording& operator=(const Recording&) = delete;
};

template <typename T>
void set(CURL* easy, CURLoption option, T value) {
    if (const CURLcode code = curl_easy_setopt(easy, option, value); code != CURLE_OK) {
        throw CurlOptionRefused(option, code);
    }
    note(option, value);
}

// libcurl 7.88 to 8.6 refuses CURLOPT_BUFFERSIZE while the handle holds a receive buffer
// (setopt.c), and only a transfer that reaches multi_done frees it: one whose host or proxy
// name did not resolve never does, and its buffer outlives curl_easy_reset. The refused
// attempt then reads into that buffer, which is at least as large, in libcurl's default
// pieces; the next attempt that ends well frees it.
void set_receive_buffer(CURL* easy) {
    if (curl_easy_setopt(easy, CURLOPT_BUFFERSIZE, kReceiveBufferBytes) == CURLE_OK) {
        note(CURLOPT_BUFFERSIZE, kReceiveBufferBytes);
    }
}

long auth_mask(TransferSettings::Auth auth) {
    switch (auth) {
        case TransferSettings::Auth::digest:
            return static_cast<long>(CURLAUTH_DIGEST);
        case TransferSettings::Auth::ntlm:
            return static_cast<long>(CURLAUTH_NTLM);
        case TransferSettings::Auth::negotiate:
            return static_cast<long>(CURLAUTH_NEGOTIATE);
        case TransferSettings::Auth::any:
            return static_cast<long>(CURLAUTH_ANY);
        case TransferSettings::Auth::any_but_basic:
            return static_cast<long>(CURLAUTH_ANY & ~CURLAUTH_BASIC);
        case TransferSettings::Auth::basic:
            break;
    }
    return static_cast<long>(CURLAUTH_BASIC);
}

long proxy_auth_mask(TransferSettings::ProxyAuth auth) {
    switch (auth) {
        case TransferSettings::ProxyAuth::digest:
            return static_cast<long>(CURLAUTH_DIGEST);
        case TransferSettings::ProxyAuth::ntlm:
            return static_cast<long>(CURLAUTH_NTLM);
        case TransferSettings::ProxyAuth::any:
            return static_cast<long>(CURLAUTH_ANY);
        case TransferSettings::ProxyAuth::basic:
            break;
    }
    return static_cast<long>(CURLAUTH_BASIC);
}

long http_version_option(TransferSettings::HttpVersion version) {
    switch (version) {
        case TransferSettings::HttpVersion::v1_0:
            return CURL_HTTP_VERSION_1_0;
        case TransferSettings::HttpVersion::v1_1:
            return CURL_HTTP_VERSION_1_1;
        case TransferSettings::HttpVersion::v2:
            return CURL_HTTP_VERSION_2_0;
        case TransferSettings::HttpVersion::v2_prior_knowledge:
            return CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE;
        case TransferSettings::HttpVersion::any:
            break;
    }
    return CURL_HTTP_VERSION_NONE;
}

long proxy_type_option(TransferSettings::ProxyType type) {
    switch (type) {
        case TransferSettings::ProxyType::http_1_0:
            return CURLPROXY_HTTP_1_0;
        case TransferSettings::ProxyType::socks4:
            return CURLPROXY_SOCKS4;
        case TransferSettings::ProxyType::socks4a:
            return CURLPROXY_SOCKS4A;
        case TransferSettings::ProxyType::socks5:
            return CURLPROXY_SOCKS5;
        case TransferSettings::ProxyType::socks5_hostname:
            return CURLPROXY_SOCKS5_HOSTNAME;
        case TransferSettings::ProxyType::by_scheme:
            break;
    }
    return CURLPROXY_HTTP;
}

long post_redirect_mask(TransferSettings::KeepPost keep_post) {
    return (keep_post.after_301 ? CURL_REDIR_POST_301 : 0L) |
           (keep_post.after_302 ? CURL_REDIR_POST_302 : 0L) |
           (keep_post.after_303 ? CURL_REDIR_POST_303 : 0L);
}

// curl's connection flags, set as curl 7.88's tool sets them (tool_operate.c): keepalive on
// unless --no-keepalive, its idle and interval times both --keepalive-time.
void configure_connection_options(CURL* easy, const TransferSettings& transfer) {
    set(easy, CURLOPT_TCP_KEEPALIVE, transfer.tcp_keepalive ? 1L : 0L);
    if (transfer.tcp_keepalive && transfer.keepalive_seconds) {
        set(easy, CURLOPT_TCP_KEEPIDLE, *transfer.keepalive_seconds);
        set(easy, CURLOPT_TCP_KEEPINTVL, *transfer.keepalive_seconds);
    }
    if (!transfer.tcp_nodelay) {
        set(easy, CURLOPT_TCP_NODELAY, 0L);
    }
    if (transfer.tcp_fastopen) {
        set(easy, CURLOPT_TCP_FASTOPEN, 1L);
    }
    if (transfer.expect100_timeout_ms) {
        set(easy, CURLOPT_EXPECT_100_TIMEOUT_MS, *transfer.expect100_timeout_ms);
    }
    if (transfer.happy_eyeballs_timeout_ms) {
        set(easy, CURLOPT_HAPPY_EYEBALLS_TIMEOUT_MS, *transfer.happy_eyeballs_timeout_ms);
    }
    if (transfer.disallow_username_in_url) {
        set(easy, CURLOPT_DISALLOW_USERNAME_IN_URL, 1L);
    }
    if (const long mask = post_redirect_mask(transfer.keep_post); mask != 0) {
        set(easy, CURLOPT_POSTREDIR, mask);
    }
    // libcurl's low-speed check ends the transfer with CURLE_OPERATION_TIMEDOUT, curl's 28,
    // which the retry decision takes as any other timeout.
    if (transfer.low_speed) {
        set(easy, CURLOPT_LOW_SPEED_LIMIT, transfer.low_speed->bytes_per_second);
        set(easy, CURLOPT_LOW_SPEED_TIME, transfer.low_speed->seconds);
    }
}

long ssl_version_option(const TlsSettings& tls) {
    long floor = CURL_SSLVERSION_DEFAULT;
    switch (tls.min_version) {
        case TlsSettings::Version::any:
            break;
        case TlsSettings::Version::v1:
            floor = CURL_SSLVERSION_TLSv1;
            break;
        case TlsSettings::Version::v1_0:
            floor = CURL_SSLVERSION_TLSv1_0;
            break;
        case TlsSettings::Version::v1_1:
            floor = CURL_SSLVERSION_TLSv1_1;
            break;
        case TlsSettings::Version::v1_2:
            floor = CURL_SSLVERSION_TLSv1_2;
            break;
        case TlsSettings::Version::v1_3:
            floor = CURL_SSLVERSION_TLSv1_3;
            break;
    }
    long ceiling = CURL_SSLVERSION_MAX_NONE;
    switch (tls.max_version) {
        case TlsSettings::MaxVersion::any:
            break;
        case TlsSettings::MaxVersion::v1_0:
            ceiling = CURL_SSLVERSION_MAX_TLSv1_0;
            break;
        case TlsSettings::MaxVersion::v1_1:
            ceiling = CURL_SSLVERSION_MAX_TLSv1_1;
            break;
        case TlsSettings::MaxVersion::v1_2:
            ceiling = CURL_SSLVERSION_MAX_TLSv1_2;
            break;
        case TlsSettings::MaxVersion::v1_3:
            ceiling = CURL_SSLVERSION_MAX_TLSv1_3;
            break;
    }
    // One option holds both, as curl sets it: the floor ORed with the ceiling.
    return floor | ceiling;
}

void set_text(CURL* easy, CURLoption option, const std::optional<std::string>& value) {
    if (value) {
        set(easy, option, value->c_str());
    }
}

// curl's TLS flags (tool_operate.c): one libcurl option each, for the server and for an
// HTTPS proxy.
void configure_tls(CURL* easy, const TlsSettings& tls) {
    if (const long version = ssl_version_option(tls); version != CURL_SSLVERSION_DEFAULT) {
        set(easy, CURLOPT_SSLVERSION, version);
    }
    set_text(easy, CURLOPT_SSLCERT, tls.client.cert);
    set_text(easy, CURLOPT_SSLCERTTYPE, tls.client.cert_type);
    set_text(easy, CURLOPT_SSLKEY, tls.client.key);
    set_text(easy, CURLOPT_SSLKEYTYPE, tls.client.key_type);
    set_text(easy, CURLOPT_KEYPASSWD, tls.client.key_password);
    set_text(easy, CURLOPT_CAPATH, tls.ca_path);
    set_text(easy, CURLOPT_CRLFILE, tls.crl_file);
    set_text(easy, CURLOPT_PINNEDPUBLICKEY, tls.pinned_public_key);
    set_text(easy, CURLOPT_SSL_CIPHER_LIST, tls.ciphers);
    set_text(easy, CURLOPT_TLS13_CIPHERS, tls.tls13_ciphers);
    if (tls.verify_status) {
        set(easy, CURLOPT_SSL_VERIFYSTATUS, 1L);
    }
    if (!tls.session_id_cache) {
        set(easy, CURLOPT_SSL_SESSIONID_CACHE, 0L);
    }
    set_text(easy, CURLOPT_PROXY_SSLCERT, tls.proxy_client.cert);
    set_text(easy, CURLOPT_PROXY_SSLKEY, tls.proxy_client.key);
    set_text(easy, CURLOPT_PROXY_KEYPASSWD, tls.proxy_client.key_password);
    set_text(easy, CURLOPT_PROXY_CAINFO, tls.proxy_ca_file);
    set_text(easy, CURLOPT_PROXY_CAPATH, tls.proxy_ca_path);
    // As curl: the CRL file is the proxy's too.
    set_text(easy, CURLOPT_PROXY_CRLFILE, tls.crl_file);
    if (tls.proxy_insecure) {
        set(easy, CURLOPT_PROXY_SSL_VERIFYPEER, 0L);
        set(easy, CURLOPT_PROXY_SSL_VERIFYHOST, 0L);
    }
}

// curl's options that are one libcurl option each, set again for every hop of every attempt
// (curl_easy_reset dropped them), so a retry sends what the first attempt sent.
void configure_curl_options(CURL* easy, const ExchangeSettings& settings) {
    const TransferSettings& transfer = settings.transfer;
    set(easy, CURLOPT_HTTPAUTH, auth_mask(transfer.auth));
    if (transfer.proxy_credentials) {
        set(easy, CURLOPT_PROXYUSERPWD, transfer.proxy_credentials->c_str());
    }
    // Credentials from a netrc file belong to the host they name; on a hop to another origin
    // libcurl looks that host up instead.
    if (transfer.netrc != TransferSettings::Netrc::ignored) {
        set(easy, CURLOPT_NETRC,
            static_cast<long>(transfer.netrc == TransferSettings::Netrc::required
                                  ? CURL_NETRC_REQUIRED
                                  : CURL_NETRC_OPTIONAL));
        if (transfer.netrc_file) {
            set(easy, CURLOPT_NETRC_FILE, transfer.netrc_file->c_str());
        }
    }
    if (settings.cookies != nullptr) {
        // The share holds the cookies; an empty file name turns the engine on and reads none.
        set(easy, CURLOPT_SHARE, settings.cookies);
        set(easy, CURLOPT_COOKIEFILE, "");
    }
    if (transfer.unrestricted_auth) {
        set(easy, CURLOPT_UNRESTRICTED_AUTH, 1L);
    }
    if (transfer.auto_referer) {
        set(easy, CURLOPT_AUTOREFERER, 1L);
    }
    if (transfer.no_proxy) {
        set(easy, CURLOPT_NOPROXY, transfer.no_proxy->c_str());
    }
    if (transfer.unix_socket) {
        set(easy, CURLOPT_UNIX_SOCKET_PATH, transfer.unix_socket->c_str());
    }
    if (transfer.http_version != TransferSettings::HttpVersion::any) {
        set(easy, CURLOPT_HTTP_VERSION, http_version_option(transfer.http_version));
    }
    if (transfer.time_condition) {
        set(easy, CURLOPT_TIMECONDITION,
            static_cast<long>(transfer.time_condition->unmodified ? CURL_TIMECOND_IFUNMODSINCE
                                                                  : CURL_TIMECOND_IFMODSINCE));
        set(easy, CURLOPT_TIMEVALUE_LARGE,
            static_cast<curl_off_t>(transfer.time_condition->seconds));
    }
    set(easy, CURLOPT_PROXYAUTH, proxy_auth_mask(transfer.proxy_auth));
    set(easy, CURLOPT_HTTP09_ALLOWED, transfer.http09_allowed ? 1L : 0L);
    if (transfer.proxy_tunnel) {
        set(easy, CURLOPT_HTTPPROXYTUNNEL, 1L);
    }
    if (transfer.raw) {
        set(easy, CURLOPT_HTTP_CONTENT_DECODING, 0L);
        set(easy, CURLOPT_HTTP_TRANSFER_DECODING, 0L);
    }
    if (transfer.ignore_content_length) {
        set(easy, CURLOPT_IGNORE_CONTENT_LENGTH, 1L);
    }
    if (transfer.path_as_is) {
        set(easy, CURLOPT_PATH_AS_IS, 1L);
    }
    if (transfer.transfer_text) {
        set(easy, CURLOPT_TRANSFERTEXT, 1L);
    }
    if (transfer.request_target) {
        set(easy, CURLOPT_REQUEST_TARGET, transfer.request_target->c_str());
    }
    if (transfer.network_interface) {
        set(easy, CURLOPT_INTERFACE, transfer.network_interface->c_str());
    }
    if (transfer.haproxy_protocol) {
        set(easy, CURLOPT_HAPROXYPROTOCOL, 1L);
    }
    // As curl, which asks for the chain whenever -w is given, for %{certs}.
    if (transfer.cert_info) {
        set(easy, CURLOPT_CERTINFO, 1L);
    }
    if (transfer.max_receive_speed) {
        set(easy, CURLOPT_MAX_RECV_SPEED_LARGE,
            static_cast<curl_off_t>(*transfer.max_receive_speed));
    }
    configure_connection_options(easy, transfer);
    configure_tls(easy, transfer.tls);
}

}  // namespace

void prepare_new_handle(CURL* easy, const TransferSettings& transfer) {
    // Each file is read once, at its setopt: set again for every attempt, it would be read
    // again into the same cache, and written back with every entry repeated.
    for (const std::string& file : transfer.alt_svc_files) {
        set(easy, CURLOPT_ALTSVC, file.c_str());
    }
}

CurlExchange::CurlExchange(CURL* easy, const ExchangeSettings& settings, const Request& request,
                           const std::vector<Header>& attempt_headers, const AttemptLimits& limits,
                           BodySink& body, const Hop& hop)
    : request_(request) {
    state_.easy = easy;
    // Reset drops the previous attempt's options but not the connection cache (the handle's,
    // or the multi handle's), so a retry can reuse a connection that is still good.
    curl_easy_reset(easy);
    try {
        configure(settings, attempt_headers, limits, body, hop);
    } catch (...) {
        // The destructor will not run: leave no pointer into this exchange behind.
        curl_easy_reset(easy);
        throw;
    }
}

void CurlExchange::configure(const ExchangeSettings& settings,
                             const std::vector<Header>& attempt_headers,
                             const AttemptLimits& limits, BodySink& body, const Hop& hop) {
    CURL* easy = state_.easy;
    const Request& request = request_;
    const TransferSettings& transfer = settings.transfer;
    const Recording recording_scope(settings.libcurl_source);
    set(easy, CURLOPT_NOSIGNAL, 1L);
    state_.sink = &body;
    state_.settings = &settings;
    state_.stall = limits.stall;
    // The progress callback is what lets a signal end an attempt that is still connecting.
    set(easy, CURLOPT_XFERINFOFUNCTION, on_progress);
    set(easy, CURLOPT_XFERINFODATA, &state_);
    set(easy, CURLOPT_NOPROGRESS, 0L);
    if (is_tcp_target(request.url)) {
        configure_connect_only(transfer, limits);
        return;
    }
    set(easy, CURLOPT_URL, request.url.c_str());
    // libcurl's default of 16 KiB costs six times the reads of curl's own 100 KiB on a fast
    // download; each of up to --parallel-max transfers holds one.
    set_receive_buffer(easy);
    set(easy, CURLOPT_ERRORBUFFER, error_);
    if (is_ftp_url(request.url)) {
        // Only through the HTTP proxy, which rfetch asks with a GET and which speaks FTP; so
        // no no_proxy in the environment may send it to the FTP server directly.
        set(easy, CURLOPT_PROTOCOLS_STR,
            request_protocols({"ftp"}, transfer, hop.redirected).c_str());
        set(easy, CURLOPT_NOPROXY, "");
    } else {
        set(easy, CURLOPT_PROTOCOLS_STR,
            request_protocols({"http", "https"}, transfer, hop.redirected).c_str());
    }
    set(easy, CURLOPT_REDIR_PROTOCOLS_STR, redirect_protocols(transfer).c_str());
    if (transfer.default_protocol) {
        set(easy, CURLOPT_DEFAULT_PROTOCOL, transfer.default_protocol->c_str());
    }
    set(easy, CURLOPT_USERAGENT, transfer.user_agent.c_str());
    set(easy, CURLOPT_FOLLOWLOCATION, hop.libcurl_follows ? 1L : 0L);
    set(easy, CURLOPT_MAXREDIRS, hop.max_redirects);
    state_.follow_myself = transfer.follow_redirects && !hop.libcurl_follows;
    if (transfer.insecure) {
        set(easy, CURLOPT_SSL_VERIFYPEER, 0L);
        set(easy, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (transfer.ca_file) {
        set(easy, CURLOPT_CAINFO, transfer.ca_file->c_str());
    }
    if (transfer.compressed) {
        set(easy, CURLOPT_ACCEPT_ENCODING, "");
    }
    if (transfer.proxy) {
        // Without it, libcurl reads http_proxy, https_proxy and no_proxy itself, as curl does.
        set(easy, CURLOPT_PROXY, transfer.proxy->c_str());
        // A scheme in the proxy's URL overrides the type, as it does in curl.
        set(easy, CURLOPT_PROXYTYPE, proxy_type_option(transfer.proxy_type));
    }
    if (!transfer.proxy_headers.empty()) {
        // As curl: the -H headers go to the server alone, these to the proxy alone (CONNECT
        // too); a request sent to the proxy for the server carries both.
        proxy_headers_ = CurlSlist(transfer.proxy_headers);
        set(easy, CURLOPT_PROXYHEADER, proxy_headers_.get());
        set(easy, CURLOPT_HEADEROPT, static_cast<long>(CURLHEADER_SEPARATE));
    }
    if (hop.referer) {
        // A Referer of -e, sent as a header, still wins, as it does over libcurl's own.
        set(easy, CURLOPT_REFERER, hop.referer->c_str());
    }
    if (transfer.credentials && hop.send_credentials) {
        set(easy, CURLOPT_USERPWD, transfer.credentials->c_str());
    }
    configure_curl_options(easy, settings);
    configure_addressing(transfer);
    if (transfer.verbose) {
        set(easy, CURLOPT_VERBOSE, 1L);
        set(easy, CURLOPT_DEBUGFUNCTION, on_debug);
    }

    if (request.method == "HEAD") {
        set(easy, CURLOPT_NOBODY, 1L);
    } else if (request.method != (request.body ? "POST" : "GET")) {
        // Only a method libcurl would not choose itself: a custom one sticks across redirects.
        set(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    if (request.resume_from > 0) {
        set(easy, CURLOPT_RESUME_FROM_LARGE, static_cast<curl_off_t>(request.resume_from));
    }
    if (request.body) {
        set(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body->size()));
        set(easy, CURLOPT_POSTFIELDS, request.body->data());
    }
    std::vector<std::string> lines;
    for (const auto* list : {&request.headers, &attempt_headers}) {
        for (const Header& header : *list) {
            lines.push_back(header.name + ": " + header.value);
        }
    }
    lines.insert(lines.end(), request.verbatim_headers.begin(), request.verbatim_headers.end());
    headers_ = CurlSlist(lines);
    set(easy, CURLOPT_HTTPHEADER, headers_.get());

    if (limits.total) {
        set(easy, CURLOPT_TIMEOUT_MS, to_curl_millis(*limits.total));
    }
    set(easy, CURLOPT_CONNECTTIMEOUT_MS, to_curl_millis(limits.connect));

    set(easy, CURLOPT_WRITEFUNCTION, on_body);
    set(easy, CURLOPT_WRITEDATA, &state_);
    set(easy, CURLOPT_HEADERFUNCTION, on_header);
    set(easy, CURLOPT_HEADERDATA, &state_);
}

void CurlExchange::configure_addressing(const TransferSettings& transfer) {
    CURL* easy = state_.easy;
    if (!transfer.resolve.empty()) {
        resolve_ = CurlSlist(transfer.resolve);
        set(easy, CURLOPT_RESOLVE, resolve_.get());
    }
    if (!transfer.connect_to.empty()) {
        connect_to_ = CurlSlist(transfer.connect_to);
        set(easy, CURLOPT_CONNECT_TO, connect_to_.get());
    }
    if (transfer.ip_version != TransferSettings::IpVersion::any) {
        set(easy, CURLOPT_IPRESOLVE,
            transfer.ip_version == TransferSettings::IpVersion::v4 ? CURL_IPRESOLVE_V4
                                                                   : CURL_IPRESOLVE_V6);
    }
}

void CurlExchange::configure_connect_only(const TransferSettings& transfer,
                                          const AttemptLimits& limits) {
    CURL* easy = state_.easy;
    connect_only_ = true;
    // libcurl has no tcp:// scheme. Over http, CONNECT_ONLY opens the TCP connection and stops
    // there, with no request sent, and the connection is never reused, so each poll opens one
    // of its own (CURLOPT_CONNECT_ONLY(3)). A proxy would answer in the target's place, so none
    // is used, not even one from the environment.
    const std::string url = "http://" + request_.url.substr(std::string_view("tcp://").size());
    set(easy, CURLOPT_URL, url.c_str());
    set(easy, CURLOPT_PROTOCOLS_STR, "http");
    set(easy, CURLOPT_CONNECT_ONLY, 1L);
    // Closed as soon as the attempt ends: a kept connect-only connection serves nobody, and
    // one kept per poll would pile up on the easy handle of a single target.
    set(easy, CURLOPT_FORBID_REUSE, 1L);
    set(easy, CURLOPT_NOPROXY, "*");
    set(easy, CURLOPT_ERRORBUFFER, error_);
    // The address the connection goes to is chosen as for an HTTP target (--resolve,
    // --connect-to, -4, -6), so a probe checks the very address the service will be reached at.
    configure_addressing(transfer);
    if (limits.total) {
        set(easy, CURLOPT_TIMEOUT_MS, to_curl_millis(*limits.total));
    }
    set(easy, CURLOPT_CONNECTTIMEOUT_MS, to_curl_millis(limits.connect));
}

CurlExchange::~CurlExchange() {
    curl_easy_reset(state_.easy);
}

AttemptResult CurlExchange::conclude(CURLcode code) {
    CURL* easy = state_.easy;
    AttemptResult result;
    long request_size = 0;
    curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &request_size);
    result.request_sent = request_size > 0;
    if (connect_only_) {
        if (state_.stopped) {
            result.failure = std::move(state_.stopped);
        } else if (code == CURLE_OK) {
            result.connected = true;
        } else {
            const std::string message = error_[0] != '\0' ? error_ : curl_easy_strerror(code);
            result.failure = Failure{failure_kind_for(code), static_cast<int>(code), message};
        }
        return result;
    }

    read_status(easy, state_.response);
    const int status = state_.response.status;
    // An HTTP/0.9 reply (with --http0.9) has no status line: status 0, and all of it body.
    if (status == 0 && code == CURLE_OK) {
        state_.response.http_version = "0.9";
    }
    if (status > 0 || code == CURLE_OK) {
        read_timings(easy, state_.response.timings);
        const char* effective_url = nullptr;
        curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &effective_url);
        state_.response.effective_url = effective_url != nullptr ? effective_url : request_.url;
        const char* method = nullptr;
        curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_METHOD, &method);
        state_.response.method = method != nullptr ? method : request_.method;
        curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &state_.response.new_connections);
        state_.response.redirects = long_info(easy, CURLINFO_REDIRECT_COUNT);
        read_connection(easy, state_.response.connection);
        read_sent(easy, request_, state_.response.sent);
        const char* redirect_url = nullptr;
        curl_easy_getinfo(easy, CURLINFO_REDIRECT_URL, &redirect_url);
        state_.response.redirect_url = redirect_url != nullptr ? redirect_url : "";
        // libcurl notes where a redirect leads only when it does not follow it: a transfer
        // stopped at the head, to wait for the redirect's Retry-After, names it all the same
        // when the run ends there (--max-redirs, a wait refused).
        if (state_.stopped_for_redirect && state_.response.redirect_url.empty()) {
            state_.response.redirect_url = resolve_location(easy, state_.response).value_or("");
        }
        result.response = std::move(state_.response);
    }
    if (state_.stopped) {
        // libcurl saw only a short write or an abort; say what rfetch stopped, with curl's
        // code for it.
        result.failure = std::move(state_.stopped);
    } else if (code != CURLE_OK && !state_.body_declined && !state_.stopped_for_redirect) {
        // A declined body is no failure: the head was the whole answer. Nor is a redirect
        // stopped at its head, to be followed after its wait.
        const std::string message = error_[0] != '\0' ? error_ : curl_easy_strerror(code);
        FailureKind kind = failure_kind_for(code);
        // libcurl 7.88 reports a reply that is not HTTP with the code it uses for a refused
        // scheme. The URL was checked before the run and a refused redirect leaves its 3xx
        // status, so a request sent with no status back means the reply was the problem.
        if (code == CURLE_UNSUPPORTED_PROTOCOL && status == 0 && result.request_sent) {
            kind = FailureKind::protocol;
        }
        // libcurl reports a tunnel the proxy refused as a receive error, as if the connection
        // broke. A 4xx to CONNECT is the proxy's decision (credentials, policy), and asking
        // again gets the same answer; a 5xx may pass, and stays what libcurl says.
        long connect_status = 0;
        curl_easy_getinfo(easy, CURLINFO_HTTP_CONNECTCODE, &connect_status);
        if (connect_status >= 400 && connect_status < 500) {
            kind = FailureKind::proxy;
        }
        result.failure = Failure{kind, static_cast<int>(code), message};
    }
    return result;
}

std::optional<Redirect> CurlExchange::redirect(CURLcode code) const {
    if (!state_.redirecting || state_.stopped ||
        (code != CURLE_OK && !state_.stopped_for_redirect)) {
        return std::nullopt;
    }
    Redirect redirect;
    long status = 0;
    curl_easy_getinfo(state_.easy, CURLINFO_RESPONSE_CODE, &status);
    redirect.status = static_cast<int>(status);
    // libcurl resolves the Location against the URL it fetched, as it would to follow it; a
    // transfer stopped at the head never got that far, so rfetch resolves it the same way.
    const char* url = nullptr;
    curl_easy_getinfo(state_.easy, CURLINFO_REDIRECT_URL, &url);
    if (url != nullptr) {
        redirect.url = url;
    } else if (const auto resolved = resolve_location(state_.easy, state_.response)) {
        redirect.url = *resolved;
    } else {
        return std::nullopt;
    }
    const char* from = nullptr;
    curl_easy_getinfo(state_.easy, CURLINFO_EFFECTIVE_URL, &from);
    redirect.from = from != nullptr ? from : request_.url;
    const char* method = nullptr;
    curl_easy_getinfo(state_.easy, CURLINFO_EFFECTIVE_METHOD, &method);
    redirect.method = method != nullptr ? method : request_.method;
    curl_easy_getinfo(state_.easy, CURLINFO_REDIRECT_COUNT, &redirect.followed_by_libcurl);
    redirect.request_bytes =
        static_cast<std::uint64_t>(std::max(0L, long_info(state_.easy, CURLINFO_REQUEST_SIZE)));
    redirect.asked_wait = state_.asked_wait;
    return redirect;
}

}  // namespace rfetch
