#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/duration.h"
#include "core/base/failure.h"
#include "core/base/tls_settings.h"

namespace rfetch {

struct Header {
    std::string name;
    std::string value;
};

/// What to send. The body is read once, before the first attempt, and replayed unchanged.
struct Request {
    std::string method = "GET";
    std::string url;
    std::vector<Header> headers;
    std::optional<std::string> body;
    /// curl's -C: ask for the body from this byte on. The transport sends the Range and judges
    /// the reply as curl does: a 416 brings no body, a reply that ignores the Range fails.
    std::uint64_t resume_from = 0;
    /// curl's -H lines without a colon, such as "Name;" (send Name with no value), passed to
    /// libcurl as they are, which reads them as curl does.
    std::vector<std::string> verbatim_headers{};
};

/// How to send it: the transfer settings that do not change between attempts.
struct TransferSettings {
    bool follow_redirects = false;
    /// nullopt: no limit, as curl's --max-redirs -1.
    std::optional<long> max_redirects = 10;
    bool insecure = false;
    std::optional<std::string> ca_file;
    bool compressed = false;
    std::optional<std::string> credentials;
    std::optional<std::string> proxy;
    std::optional<std::uint64_t> max_body_bytes;
    std::string user_agent;
    bool verbose = false;

    // curl's options that pass to libcurl as they are (see "curl's spellings" in rfetch(1)).
    /// any_but_basic: curl's --anyauth --no-basic.
    enum class Auth { basic, digest, ntlm, negotiate, any, any_but_basic };
    Auth auth = Auth::basic;
    std::optional<std::string> proxy_credentials;
    enum class Netrc { ignored, optional, required };
    Netrc netrc = Netrc::ignored;
    std::optional<std::string> netrc_file;
    /// The cookie engine keeps the cookies servers set, from one attempt and hop to the next.
    bool cookie_engine = false;
    bool auto_referer = false;
    std::vector<std::string> resolve;
    std::vector<std::string> connect_to;
    std::optional<std::string> no_proxy;
    enum class IpVersion { any, v4, v6 };
    IpVersion ip_version = IpVersion::any;
    std::optional<std::string> unix_socket;
    enum class HttpVersion { any, v1_0, v1_1, v2, v2_prior_knowledge };
    HttpVersion http_version = HttpVersion::any;
    std::optional<std::uint64_t> max_receive_speed;
    /// curl's -z: ask for the body only if it was modified since (or, with `unmodified`, not
    /// modified since) this time, in seconds since the epoch; libcurl drops a body the server
    /// sends anyway when the condition does not hold.
    struct TimeCondition {
        std::int64_t seconds = 0;
        bool unmodified = false;
    };
    std::optional<TimeCondition> time_condition;
    // curl's one-option flags of the same names.
    bool proxy_tunnel = false;
    bool raw = false;
    bool ignore_content_length = false;
    bool path_as_is = false;
    /// curl's -B: ASCII transfer, set as curl sets it; over HTTP it changes nothing.
    bool transfer_text = false;
    std::optional<std::string> request_target;
    enum class ProxyAuth { basic, digest, ntlm, any };
    ProxyAuth proxy_auth = ProxyAuth::basic;
    /// curl's --http0.9: take a reply with no status line and no head as the body.
    bool http09_allowed = false;
    /// How to speak to `proxy`: as its URL's scheme says, or as a flag of curl's chose.
    enum class ProxyType { by_scheme, http_1_0, socks4, socks4a, socks5, socks5_hostname };
    ProxyType proxy_type = ProxyType::by_scheme;
    /// Header lines for the proxy alone (curl's --proxy-header), passed to libcurl as typed.
    std::vector<std::string> proxy_headers;
    std::optional<std::string> network_interface;
    bool haproxy_protocol = false;
    /// curl's --location-trusted: credentials and secret headers go along to every host a
    /// redirect leads to.
    bool unrestricted_auth = false;
    /// curl's --alt-svc: the alt-svc cache files, read in order before the first request; the
    /// last is written back when rfetch is done, unless it is "" (a cache in memory only).
    std::vector<std::string> alt_svc_files;
    /// curl's --proto and --proto-redir: the protocols a first request, and a redirect's, may
    /// use (lower-case names), when they narrow rfetch's own; curl's --proto-default: the
    /// scheme of a URL given without one.
    std::optional<std::vector<std::string>> protocols;
    std::optional<std::vector<std::string>> redirect_protocols;
    std::optional<std::string> default_protocol;
    /// curl's connection flags, one libcurl option each: TCP keepalive (on, as in curl) and
    /// its idle and interval time, TCP_NODELAY (on), TCP Fast Open, the wait for a
    /// "100 Continue", the head start of IPv6 over IPv4, and a URL's user name refused.
    bool tcp_keepalive = true;
    std::optional<long> keepalive_seconds;
    bool tcp_nodelay = true;
    bool tcp_fastopen = false;
    std::optional<long> expect100_timeout_ms;
    std::optional<long> happy_eyeballs_timeout_ms;
    bool disallow_username_in_url = false;
    /// curl's --post301, --post302 and --post303: a POST stays a POST, with its body, after a
    /// redirect of that status (RFC 9110 §15.4.2 and §15.4.3 allow either).
    struct KeepPost {
        bool after_301 = false;
        bool after_302 = false;
        bool after_303 = false;
    };
    KeepPost keep_post;
    /// curl's --speed-limit and --speed-time: an attempt that receives and sends less than
    /// `bytes_per_second` on average over `seconds` is cut as a timeout.
    struct LowSpeed {
        long bytes_per_second = 1;
        long seconds = 30;
    };
    std::optional<LowSpeed> low_speed;
    /// libcurl keeps the TLS peer's certificate chain, as curl asks it to whenever -w is given.
    bool cert_info = false;
    TlsSettings tls;
};

/// The time one attempt may take, already cut to what the deadline leaves.
struct AttemptLimits {
    std::optional<Duration> total;
    /// What the deadline leaves of the run as the attempt starts, when there is one. A wait
    /// before following a redirect counts against it, but not against `total`.
    std::optional<Duration> time_left;
    Duration connect{10'000};
    Duration stall{30'000};
};

/// How long the phases of one attempt took, each counted from its start.
struct Timings {
    std::chrono::microseconds dns{0};
    std::chrono::microseconds connect{0};
    std::chrono::microseconds tls{0};
    /// Until the request was about to go out.
    std::chrono::microseconds pretransfer{0};
    std::chrono::microseconds first_byte{0};
    std::chrono::microseconds total{0};
    /// The redirects followed before the final request started, counted from the attempt's
    /// start: their requests, and the waits their Retry-After asked for.
    std::chrono::microseconds redirects{0};
};

/// One TLS certificate as libcurl describes it: "Name:value" lines, the PEM as "Cert:...".
using Certificate = std::vector<std::string>;

/// The connection the response came over, as libcurl saw it.
struct Connection {
    std::string local_ip;
    long local_port = 0;
    std::string remote_ip;
    long remote_port = 0;
    /// A proxy's answer to CONNECT; 0 without a tunnel.
    long connect_status = 0;
    /// The TLS peers' verification results (X509_V_OK is 0), the server's and an HTTPS
    /// proxy's; 0 without TLS.
    long tls_verify_result = 0;
    long proxy_tls_verify_result = 0;
    /// The server's chain, when TLS was spoken and cert_info asked for it.
    std::vector<Certificate> certificates;
};

/// What the attempt sent, every request of it counted.
struct Sent {
    /// Request heads and bodies, as many as the redirects made.
    std::uint64_t request_bytes = 0;
    /// The final request's body, and how fast it went, in bytes a second.
    std::uint64_t body_bytes = 0;
    std::uint64_t body_speed = 0;
    /// The final request's Referer, when it had one.
    std::optional<std::string> referer;
};

struct Response {
    int status = 0;
    std::string http_version;
    std::vector<Header> headers;
    /// The body as held in memory: all of it, unless it outgrew --buffer (see body_size).
    std::string body;
    /// The head exactly as received, status line and blank line included, for -i and -D.
    std::string raw_head;
    /// Where the response came from, after redirects.
    std::string effective_url;
    /// The method of the request this response answers, after redirects.
    std::string method;
    /// How many body bytes arrived, held or not.
    std::uint64_t body_size = 0;
    /// How many connections the exchange opened: 0 when it reused one.
    long new_connections = 0;
    /// Where a redirect that was not followed points, resolved against the request's URL.
    std::string redirect_url;
    /// How many redirects the attempt followed to this response.
    long redirects = 0;
    Timings timings;
    Connection connection;
    Sent sent;

    /// The first header of that name, compared without regard to case (RFC 9110 §5.1).
    std::optional<std::string_view> header(std::string_view name) const;
};

/// A redirect's Retry-After (RFC 9110 §10.2.3) met while following redirects, and what became
/// of it: waited out before the next request, or refused, which ends the attempt there.
struct RedirectWait {
    enum class Verdict {
        wait,           // waited out (cut short only by a signal), then followed
        too_long,       // longer than the longest wait a server may ask for
        past_deadline,  // as long as the time left before the deadline, or longer
    };
    Verdict verdict = Verdict::wait;
    /// The redirect's status.
    int status = 0;
    /// What the server asked for.
    Duration asked{0};
    /// The longest wait a server may ask for, and what the deadline left, when it asked.
    Duration most{0};
    std::optional<Duration> time_left;
    /// When the wait began, and how long it lasted: less than asked when a signal cut it.
    WallTime started{};
    Duration waited{0};
};

/// One attempt's result: a response, a failure, or both when the body broke after the status
/// line; for a tcp:// target, a failure or an accepted connection. Never none of them.
struct AttemptResult {
    std::optional<Response> response;
    std::optional<Failure> failure;
    /// A tcp:// target accepted the connection: the whole answer there is, with no response.
    bool connected = false;
    /// False only when the transport knows no byte of the request left this machine.
    bool request_sent = true;
    /// The redirects' waits, in order; when the last was refused, the attempt stopped at its
    /// redirect, which is the response.
    std::vector<RedirectWait> redirect_waits{};
};

/// Receives a response's body as it arrives. `head` is the response the bytes belong to: its
/// status, version and headers are known, its body is not yet. A failure stops the transfer
/// and becomes the attempt's.
class BodySink {
  public:
    virtual ~BodySink() = default;
    /// Asked once the head of a final error response (status >= 400) is complete. False means
    /// nobody will read its body: the transport stops the transfer, and the attempt ends with
    /// the head alone and no failure.
    virtual bool wants_body(const Response& /*head*/) { return true; }
    virtual std::optional<Failure> on_body(const Response& head, std::string_view bytes) = 0;
    /// Asked while the transfer runs, also when no byte comes: true once the body's reader has
    /// gone for good (`rfetch URL | head`), so the transport can stop without waiting for a
    /// byte to write.
    virtual bool reader_gone() const { return false; }
    /// How many bytes of the body came before this response's first: the start of a 206 that
    /// carries on a body earlier attempts delivered, else 0. Limits count the whole body.
    virtual std::uint64_t body_offset(const Response& /*head*/) const { return 0; }
    /// Told when the head of a redirect arrives whose Retry-After asks for a wait before it is
    /// followed: the server has answered, though no body comes until after the wait.
    virtual void redirect_held(const Response& /*head*/) {}
};

/// Performs one HTTP exchange. The libcurl transport is the real one; tests script a fake.
class Transport {
  public:
    virtual ~Transport() = default;
    /// Sends `request` with `attempt_headers` added: the headers that differ per attempt.
    /// The body goes to `body`; the result's response carries none of it.
    virtual AttemptResult perform(const Request& request,
                                  const std::vector<Header>& attempt_headers,
                                  const AttemptLimits& limits, BodySink& body) = 0;
};

}  // namespace rfetch
