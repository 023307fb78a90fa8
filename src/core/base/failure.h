#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rfetch {

/// Why an attempt got no complete response. Closed, so the retry rules and the log can name
/// every case; the transport maps its own error codes onto it.
enum class FailureKind {
    dns,          // the host name did not resolve
    connect,      // refused or unreachable: the request was never sent
    timeout,      // connect, stall, per-attempt or deadline limit
    reset,        // the connection broke while sending or receiving
    tls,          // handshake or certificate failure
    tls_setup,    // a TLS setting no retry mends: client cert or key, ciphers, CA or CRL file, pin
    proxy,        // the proxy refused to open a tunnel (4xx to CONNECT)
    empty,        // the server closed the connection without a reply
    partial,      // the body ended before its announced length
    protocol,     // a reply that is not HTTP
    redirects,    // more redirects than --max-redirs
    bad_url,      // a URL or scheme rfetch will not fetch
    too_large,    // more than the size limit
    write,        // rfetch could not store the body
    unresumable,  // part of the body is out, and the server cannot send the rest
    aborted,      // a signal stopped the transfer
    internal,     // rfetch itself failed to set up or read the attempt: a bug, never the server
    other,
};

std::string_view to_string(FailureKind kind);
std::optional<FailureKind> failure_kind_from_string(std::string_view name);

/// A failed attempt: the kind for decisions, the transport's raw code for exit statuses, and
/// the transport's words for people.
struct Failure {
    FailureKind kind = FailureKind::other;
    int code = 0;
    std::string message;
};

}  // namespace rfetch
