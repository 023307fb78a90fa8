#include "cli/curl_settings.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string_view>
#include <system_error>

#include "cli/config_builder.h"
#include "cli/continue_at.h"
#include "cli/curl_protocols.h"
#include "cli/curl_transfer_settings.h"
#include "cli/upload_targets.h"
#include "cli/usage_error.h"
#include "core/base/ascii.h"
#include "core/base/byte_size.h"
#include "core/log/redact.h"

namespace rfetch {
namespace {

bool on_one_line(std::string_view text) {
    return text.find_first_of("\r\n") == std::string_view::npos;
}

// -G: the body's pieces become the query, and the request a GET (a HEAD with -I).
void send_body_as_query(Config& config) {
    if (config.request.body) {
        for (Target& target : config.targets) {
            const auto fragment = target.url.find('#');
            const std::string before = target.url.substr(0, fragment);
            const std::string from_fragment =
                fragment == std::string::npos ? "" : target.url.substr(fragment);
            const char joint = before.find('?') == std::string::npos ? '?' : '&';
            target.url = before + joint + *config.request.body + from_fragment;
        }
    }
    config.request.body.reset();
}

// curl's -z: DATE, -DATE (only if not modified since), or a FILE whose time is the date.
void set_time_condition(const std::string& text, const Surroundings& surroundings, Config& config) {
    const bool unmodified = text.starts_with('-');
    const std::string date = unmodified ? text.substr(1) : text;
    std::optional<WallTime> time;
    std::error_code error;
    if (const auto written = std::filesystem::last_write_time(date, error); !error) {
        time = std::chrono::time_point_cast<WallTime::duration>(
            std::chrono::file_clock::to_sys(written));
    } else if (surroundings.parse_date) {
        time = surroundings.parse_date(date);
    }
    if (!time) {
        reject("--time-cond", text, "is neither a date (Sun, 06 Nov 1994 08:49:37 GMT) nor a file");
    }
    config.transfer.time_condition = TransferSettings::TimeCondition{
        std::chrono::duration_cast<std::chrono::seconds>(time->time_since_epoch()).count(),
        unmodified};
}

// curl's -e: URL, URL;auto, or ;auto alone (set the header only on redirects).
void set_referer(const std::string& text, Config& config) {
    static constexpr std::string_view kAuto = ";auto";
    std::string_view url = text;
    if (url.ends_with(kAuto)) {
        config.transfer.auto_referer = true;
        url.remove_suffix(kAuto.size());
    }
    if (!on_one_line(url)) {
        reject("--referer", redact_url(std::string(url)), "must be on one line");
    }
    if (!url.empty()) {
        config.request.headers.push_back({"Referer", std::string(url)});
    }
}

// curl's -b: text with a '=' is cookies to send; anything else names a cookie file.
void set_cookies(const RawOptions& raw, Config& config) {
    std::string sent;
    for (const std::string& cookie : raw.cookies) {
        if (cookie.find('=') == std::string::npos) {
            config.cookie_files.push_back(cookie);
            config.transfer.cookie_engine = true;
            continue;
        }
        if (!on_one_line(cookie)) {
            reject("--cookie", kRedacted, "must be on one line");
        }
        sent += (sent.empty() ? "" : "; ") + cookie;
    }
    // A Cookie header goes only to the URL's origin, and is hidden wherever rfetch shows one.
    if (!sent.empty()) {
        config.request.headers.push_back({"Cookie", sent});
    }
    config.junk_session_cookies = raw.junk_session_cookies;
    if (raw.cookie_jar) {
        if (raw.cookie_jar->empty()) {
            reject("--cookie-jar", *raw.cookie_jar, "is not a file name");
        }
        config.cookie_jar = raw.cookie_jar;
        config.transfer.cookie_engine = true;
    }
}

// As curl: a range that starts with a number and has no dash (-r 4) is the bytes from that
// number on (4-), said in a warning.
std::string with_dash(const std::string& range, Config& config) {
    const auto digits = range.find_first_not_of("0123456789");
    const std::string start = range.substr(0, digits);
    std::uint64_t offset = 0;
    if (start.empty() || range.find('-') != std::string::npos ||
        std::from_chars(start.data(), start.data() + start.size(), offset).ec != std::errc{}) {
        return range;
    }
    config.warnings.push_back("--range: '" + range + "' has no dash: asking for bytes " +
                              std::to_string(offset) + "- as curl does");
    return std::to_string(offset) + "-";
}

void set_range(const std::string& given, Config& config) {
    const std::string range = with_dash(given, config);
    const bool valid = !range.empty() && std::ranges::all_of(range, [](char c) {
        return (c >= '0' && c <= '9') || c == '-' || c == ',';
    });
    if (!valid || range.find('-') == std::string::npos) {
        reject("--range", given,
               "is not a byte range: use START-END, START-, -LAST, a list, or START alone");
    }
    config.request.headers.push_back({"Range", "bytes=" + range});
}

TransferSettings::Auth auth_from(const std::optional<std::string>& choice) {
    if (choice == "digest") {
        return TransferSettings::Auth::digest;
    }
    if (choice == "ntlm") {
        return TransferSettings::Auth::ntlm;
    }
    if (choice == "negotiate") {
        return TransferSettings::Auth::negotiate;
    }
    if (choice == "any") {
        return TransferSettings::Auth::any;
    }
    if (choice == "any-but-basic") {
        return TransferSettings::Auth::any_but_basic;
    }
    return TransferSettings::Auth::basic;
}

TransferSettings::ProxyAuth proxy_auth_from(const std::optional<std::string>& choice) {
    if (choice == "digest") {
        return TransferSettings::ProxyAuth::digest;
    }
    if (choice == "ntlm") {
        return TransferSettings::ProxyAuth::ntlm;
    }
    if (choice == "any") {
        return TransferSettings::ProxyAuth::any;
    }
    return TransferSettings::ProxyAuth::basic;
}

TransferSettings::HttpVersion http_version_from(const std::optional<std::string>& choice) {
    if (choice == "1.0") {
        return TransferSettings::HttpVersion::v1_0;
    }
    if (choice == "1.1") {
        return TransferSettings::HttpVersion::v1_1;
    }
    if (choice == "2") {
        return TransferSettings::HttpVersion::v2;
    }
    if (choice == "2-prior") {
        return TransferSettings::HttpVersion::v2_prior_knowledge;
    }
    return TransferSettings::HttpVersion::any;
}

// HOST:PORT:ADDRESS for --resolve, HOST1:PORT1:HOST2:PORT2 for --connect-to; curl's own
// forms (a leading '+' or '-', [IPv6] addresses) pass to libcurl as they are.
void check_host_entries(std::string_view flag, const std::vector<std::string>& entries,
                        std::size_t colons, std::string_view form) {
    for (const std::string& entry : entries) {
        if (static_cast<std::size_t>(std::ranges::count(entry, ':')) < colons ||
            !on_one_line(entry)) {
            reject(flag, entry, "is not " + std::string(form));
        }
    }
}

// As curl, 0 is no limit: nullopt.
std::optional<std::uint64_t> parse_rate(const std::string& text) {
    std::string upper = text;
    if (!upper.empty()) {
        // curl takes 100k as well as 100K.
        upper.back() = static_cast<char>(std::toupper(static_cast<unsigned char>(upper.back())));
    }
    const auto rate = parse_byte_size(upper);
    if (!rate) {
        reject("--limit-rate", text,
               "is not a rate: use a whole number of bytes a second, with an optional K, M or G "
               "suffix");
    }
    if (*rate == 0) {
        return std::nullopt;
    }
    return rate;
}

// curl passes each --proxy-header line to libcurl as typed: "Name: value", "Name:" to leave
// out a header libcurl would send, "Name;" for one with no value.
void check_proxy_header(const std::string& line) {
    const auto name_end = line.find_first_of(":;");
    if (name_end == 0 || name_end == std::string::npos || !on_one_line(line) ||
        line.find_first_of(" \t") < name_end) {
        reject("--proxy-header", redact_header_line(line),
               "is not a header: use 'Name: value' on one line");
    }
}

TransferSettings::ProxyType proxy_type_from(const std::optional<std::string>& type) {
    if (type == "1.0") {
        return TransferSettings::ProxyType::http_1_0;
    }
    if (type == "socks4") {
        return TransferSettings::ProxyType::socks4;
    }
    if (type == "socks4a") {
        return TransferSettings::ProxyType::socks4a;
    }
    if (type == "socks5") {
        return TransferSettings::ProxyType::socks5;
    }
    if (type == "socks5h") {
        return TransferSettings::ProxyType::socks5_hostname;
    }
    return TransferSettings::ProxyType::by_scheme;
}

void set_proxy_and_interface(const RawOptions& raw, TransferSettings& transfer) {
    transfer.proxy_type = proxy_type_from(raw.proxy_type);
    if (raw.network_interface &&
        (raw.network_interface->empty() || !on_one_line(*raw.network_interface))) {
        reject("--interface", *raw.network_interface, "is not an interface, address or host");
    }
    transfer.network_interface = raw.network_interface;
    transfer.haproxy_protocol = raw.haproxy_protocol;
    transfer.alt_svc_files = raw.alt_svc;
    if (raw.location_trusted) {
        transfer.follow_redirects = true;
        transfer.unrestricted_auth = true;
    }
}

void set_connection(const RawOptions& raw, TransferSettings& transfer) {
    transfer.auth = auth_from(raw.auth);
    if (raw.proxy_user) {
        transfer.proxy_credentials = raw.proxy_user;
    }
    if (raw.netrc_optional) {
        transfer.netrc = TransferSettings::Netrc::optional;
    } else if (raw.netrc || raw.netrc_file) {
        transfer.netrc = TransferSettings::Netrc::required;
    }
    transfer.netrc_file = raw.netrc_file;
    check_host_entries("--resolve", raw.resolve, 2, "HOST:PORT:ADDRESS");
    transfer.resolve = raw.resolve;
    check_host_entries("--connect-to", raw.connect_to, 3, "HOST1:PORT1:HOST2:PORT2");
    transfer.connect_to = raw.connect_to;
    transfer.no_proxy = raw.noproxy;
    if (raw.ip_version) {
        transfer.ip_version = *raw.ip_version == "4" ? TransferSettings::IpVersion::v4
                                                     : TransferSettings::IpVersion::v6;
    }
    if (raw.unix_socket && raw.unix_socket->empty()) {
        reject("--unix-socket", *raw.unix_socket, "is not a socket path");
    }
    transfer.unix_socket = raw.unix_socket;
    transfer.http_version = http_version_from(raw.http_version);
    transfer.http09_allowed = raw.http09 == "yes";
    if (raw.limit_rate) {
        transfer.max_receive_speed = parse_rate(*raw.limit_rate);
    }
    transfer.proxy_tunnel = raw.proxytunnel;
    transfer.raw = raw.raw;
    transfer.ignore_content_length = raw.ignore_content_length;
    transfer.path_as_is = raw.path_as_is;
    transfer.transfer_text = raw.use_ascii;
    if (raw.request_target && !on_one_line(*raw.request_target)) {
        reject("--request-target", *raw.request_target, "must be on one line");
    }
    transfer.request_target = raw.request_target;
    transfer.proxy_auth = proxy_auth_from(raw.proxy_auth);
    set_proxy_and_interface(raw, transfer);
}

// curl's lists start from every protocol for --proto, and from http, https, ftp and ftps for
// --proto-redir (curl 7.88's tool_getparam.c); the transport keeps of them what rfetch speaks.
std::optional<std::vector<std::string>> protocols_of(std::string_view flag,
                                                     const std::vector<std::string>& lists,
                                                     const std::vector<std::string>& preset,
                                                     Config& config) {
    if (lists.empty()) {
        return std::nullopt;
    }
    std::string joined;
    for (const std::string& list : lists) {
        joined += (joined.empty() ? "" : ",") + list;
    }
    ProtocolList read = read_protocol_list(flag, joined, preset);
    for (const std::string& warning : read.warnings) {
        config.warnings.push_back(std::string(flag) + ": " + warning);
    }
    return std::move(read.allowed);
}

void set_protocols(const RawOptions& raw, Config& config) {
    config.transfer.protocols = protocols_of("--proto", raw.proto, libcurl_protocols(), config);
    config.transfer.redirect_protocols =
        protocols_of("--proto-redir", raw.proto_redir, {"ftp", "ftps", "http", "https"}, config);
    if (raw.proto_default) {
        const std::string scheme = to_lower(*raw.proto_default);
        if (!is_libcurl_protocol(scheme)) {
            reject("--proto-default", *raw.proto_default, "is a protocol libcurl does not support");
        }
        if (scheme != "http" && scheme != "https") {
            reject("--proto-default", *raw.proto_default,
                   "is not a scheme rfetch fetches: use http or https");
        }
        config.transfer.default_protocol = scheme;
    }
}

}  // namespace

void apply_curl_settings(const RawOptions& raw, Surroundings& surroundings, Config& config) {
    if (raw.get) {
        send_body_as_query(config);
    }
    apply_upload_files(raw, surroundings.stdin_stream, config);
    if (raw.time_cond) {
        set_time_condition(*raw.time_cond, surroundings, config);
    }
    if (raw.referer) {
        set_referer(*raw.referer, config);
    }
    set_cookies(raw, config);
    config.remote_time = raw.remote_time;
    config.fail_early = raw.fail_early;
    if (raw.oauth2_bearer) {
        if (!on_one_line(*raw.oauth2_bearer)) {
            reject("--oauth2-bearer", kRedacted, "must be on one line");
        }
        config.request.headers.push_back({"Authorization", "Bearer " + *raw.oauth2_bearer});
    }
    if (raw.range) {
        set_range(*raw.range, config);
    }
    // As in curl: the head of -i would be written into a file named after that head.
    if (raw.remote_header_name && raw.include) {
        throw UsageError("--remote-header-name cannot be used with --include");
    }
    // As in curl: the offset counts into a file whose name only the reply will give.
    if (raw.remote_header_name && raw.continue_at) {
        throw UsageError("--continue-at and --remote-header-name cannot be combined");
    }
    // As in curl, -J names only the files of -O (see body_output).
    config.remote_header_name = raw.remote_header_name;
    if (raw.clobber) {
        config.clobber = *raw.clobber == "yes";
    }
    if (raw.continue_at) {
        apply_continue_at(*raw.continue_at, config);
    }
    if (raw.etag_compare) {
        // As curl: the file's first line is the ETag; a file that cannot be read sends none.
        std::ifstream file(*raw.etag_compare);
        std::string etag;
        if (file && std::getline(file, etag)) {
            config.request.headers.push_back({"If-None-Match", etag});
        }
    }
    if (raw.etag_save) {
        if (raw.etag_save->empty()) {
            reject("--etag-save", *raw.etag_save, "is not a file name");
        }
        config.etag_save = raw.etag_save;
    }
    set_connection(raw, config.transfer);
    set_protocols(raw, config);
    apply_curl_transfer_settings(raw, config.transfer);
    config.transfer.proxy_headers =
        header_lines("--proxy-header", raw.proxy_headers, surroundings.stdin_stream);
    for (const std::string& line : config.transfer.proxy_headers) {
        check_proxy_header(line);
    }
}

}  // namespace rfetch
