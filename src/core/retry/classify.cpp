#include "core/retry/classify.h"

#include "core/retry/method.h"

namespace rfetch {
namespace {

// draft-ietf-httpapi-idempotency-key-header §2.6: 409 Conflict means the first request with
// this key is still being processed, so asking again later is the intended reaction.
constexpr int kKeyInFlight = 409;

// Only the transport knows: after a redirect, a connect failure to the next host follows a
// request the first host may already have acted on.
bool cannot_have_been_sent(const AttemptResult& result) {
    return !result.request_sent;
}

Verdict declined_as_unsafe(std::string_view method, const std::string& what) {
    return {Verdict::Kind::final, Outcome::not_retryable,
            what + ", but a " + std::string(method) +
                " may have reached the server; retrying could repeat it",
            Setting::unsafe_retry};
}

std::string describe_status(int status) {
    return status > 0 ? "status " + std::to_string(status) : "a reply with no status line";
}

}  // namespace

std::string_view describe(FailureKind kind) {
    switch (kind) {
        case FailureKind::dns:
            return "host name did not resolve";
        case FailureKind::connect:
            return "connection refused or unreachable";
        case FailureKind::timeout:
            return "timed out";
        case FailureKind::reset:
            return "connection reset";
        case FailureKind::tls:
            return "TLS failure";
        case FailureKind::tls_setup:
            return "TLS setup failed";
        case FailureKind::proxy:
            return "the proxy refused the tunnel";
        case FailureKind::empty:
            return "empty reply from server";
        case FailureKind::partial:
            return "body ended early";
        case FailureKind::protocol:
            return "reply was not valid HTTP";
        case FailureKind::redirects:
            return "too many redirects";
        case FailureKind::bad_url:
            return "URL cannot be fetched";
        case FailureKind::too_large:
            return "body too large";
        case FailureKind::write:
            return "could not store the body";
        case FailureKind::unresumable:
            return "the server cannot resume the body";
        case FailureKind::aborted:
            return "interrupted";
        case FailureKind::internal:
            return "internal error";
        case FailureKind::other:
            return "transfer failed";
    }
    return "transfer failed";
}

Verdict classify(const AttemptResult& result, const RetrySet& retry_on,
                 const MethodSafety& safety) {
    std::string what;
    bool retryable = false;
    if (result.failure) {
        if (result.failure->kind == FailureKind::aborted) {
            return {Verdict::Kind::final, Outcome::interrupted, "interrupted by a signal"};
        }
        if (result.failure->kind == FailureKind::write) {
            return {Verdict::Kind::final, Outcome::write_error, result.failure->message};
        }
        if (result.failure->kind == FailureKind::internal) {
            // A bug in rfetch: another attempt would only repeat it.
            return {Verdict::Kind::final, Outcome::not_retryable,
                    "internal error: " + result.failure->message};
        }
        if (result.failure->kind == FailureKind::tls_setup) {
            // The same certificate, key, files and pin fail the same way on every attempt,
            // whatever set of kinds the user asked to retry.
            return {Verdict::Kind::final, Outcome::not_retryable,
                    std::string(describe(FailureKind::tls_setup)) + ", which no retry mends"};
        }
        if (result.failure->kind == FailureKind::unresumable) {
            return {Verdict::Kind::final, Outcome::incomplete, result.failure->message};
        }
        what = std::string(describe(result.failure->kind));
        retryable = retry_on.contains(result.failure->kind);
    } else if (result.connected) {
        return {Verdict::Kind::success, Outcome::success, "connection accepted"};
    } else if (const int status = result.response->status; status < 400) {
        return {Verdict::Kind::success, Outcome::success, describe_status(status)};
    } else {
        what = describe_status(status);
        retryable =
            retry_on.contains(status) || (status == kKeyInFlight && safety.has_idempotency_key);
        if (!retryable) {
            return {Verdict::Kind::final, Outcome::http_error, what + " is not retryable"};
        }
    }
    if (!retryable) {
        const bool over_limit = result.failure && result.failure->kind == FailureKind::too_large;
        return {Verdict::Kind::final, Outcome::not_retryable, what + " is not retryable",
                over_limit ? Setting::max_filesize : Setting::none};
    }
    return retryable_if_safe(result, safety, std::move(what));
}

bool MethodSafety::may_repeat() const {
    return is_idempotent_method(method) || has_idempotency_key || retry_unsafe;
}

Verdict retryable_if_safe(const AttemptResult& result, const MethodSafety& safety,
                          std::string what) {
    if (!safety.may_repeat() && !cannot_have_been_sent(result)) {
        return declined_as_unsafe(safety.method, what);
    }
    return {Verdict::Kind::retryable, Outcome::exhausted, std::move(what)};
}

}  // namespace rfetch
