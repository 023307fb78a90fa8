#include "http/curl_failure.h"

#include <new>
#include <string>

#include "core/output/output.h"

namespace rfetch {
namespace {

std::string option_name(CURLoption option) {
    const curl_easyoption* known = curl_easy_option_by_id(option);
    return known != nullptr ? std::string("CURLOPT_") + known->name
                            : "option " + std::to_string(static_cast<int>(option));
}

}  // namespace

FailureKind failure_kind_for(CURLcode code) {
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
            return FailureKind::dns;
        case CURLE_COULDNT_CONNECT:
            return FailureKind::connect;
        case CURLE_OPERATION_TIMEDOUT:
            return FailureKind::timeout;
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
            return FailureKind::reset;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_INVALIDCERTSTATUS:
            return FailureKind::tls;
        // What rfetch was given to speak TLS with: the same files and the same pin fail the
        // same way on every attempt, so no retry set, not even --retry-all-errors, retries them.
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CRL_BADFILE:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_ENGINE_NOTFOUND:
        case CURLE_SSL_ENGINE_SETFAILED:
        case CURLE_SSL_ENGINE_INITFAILED:
            return FailureKind::tls_setup;
        case CURLE_GOT_NOTHING:
            return FailureKind::empty;
        case CURLE_PARTIAL_FILE:
            return FailureKind::partial;
        case CURLE_WEIRD_SERVER_REPLY:
            return FailureKind::protocol;
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
            return FailureKind::bad_url;
        case CURLE_TOO_MANY_REDIRECTS:
            return FailureKind::redirects;
        case CURLE_FILESIZE_EXCEEDED:
            return FailureKind::too_large;
        case CURLE_WRITE_ERROR:
            return FailureKind::write;
        case CURLE_RANGE_ERROR:
            return FailureKind::unresumable;
        case CURLE_ABORTED_BY_CALLBACK:
            return FailureKind::aborted;
        default:
            return FailureKind::other;
    }
}

CurlOptionRefused::CurlOptionRefused(CURLoption option, CURLcode code)
    : std::runtime_error("libcurl refused " + option_name(option) + ": " +
                         curl_easy_strerror(code)),
      code_(code) {}

Failure too_many_redirects(long max_redirects) {
    return Failure{FailureKind::redirects, CURLE_TOO_MANY_REDIRECTS,
                   "Maximum (" + std::to_string(max_redirects) + ") redirects followed"};
}

Failure aborted_by_signal() {
    return Failure{FailureKind::aborted, CURLE_ABORTED_BY_CALLBACK,
                   "interrupted while waiting to follow a redirect"};
}

Failure reader_went_away() {
    return Failure{FailureKind::write, CURLE_WRITE_ERROR,
                   WriteStatus{WriteStatus::Kind::reader_gone, {}}.describe()};
}

Failure internal_failure(const std::exception& error) {
    // The log wants a curl code with every failure: the refusal's own, else the nearest.
    CURLcode code = CURLE_FAILED_INIT;
    if (const auto* refused = dynamic_cast<const CurlOptionRefused*>(&error)) {
        code = refused->code();
    } else if (dynamic_cast<const std::bad_alloc*>(&error) != nullptr) {
        code = CURLE_OUT_OF_MEMORY;
    }
    return Failure{FailureKind::internal, static_cast<int>(code), error.what()};
}
}  // namespace rfetch
