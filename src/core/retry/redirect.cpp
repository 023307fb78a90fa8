#include "core/retry/redirect.h"

#include <algorithm>

#include "core/base/ascii.h"
#include "core/base/origin.h"

namespace rfetch {
namespace {

constexpr int kMovedPermanently = 301;
constexpr int kFound = 302;
constexpr int kSeeOther = 303;

// RFC 9110 §15.4.4, and §15.4.2 and §15.4.3, which let a POST become a GET after a 301 or a
// 302. Only a POST with a body does, as libcurl converts it when it follows; a bodiless
// -X POST stays a POST, as curl -L -X POST sends it again.
bool becomes_get(const Request& request, int status, TransferSettings::KeepPost keep_post) {
    if (request.method == "HEAD") {
        return false;
    }
    const bool post = request.method == "POST";
    if (status == kSeeOther) {
        return !(post && keep_post.after_303);
    }
    return post && request.body &&
           ((status == kMovedPermanently && !keep_post.after_301) ||
            (status == kFound && !keep_post.after_302));
}

bool carries_credentials(const Header& header) {
    return equals_ignoring_case(header.name, "Authorization") ||
           equals_ignoring_case(header.name, "Cookie");
}

}  // namespace

bool libcurl_follows_correctly(const Request& request) {
    return request.method == "GET" || request.method == "HEAD" ||
           (request.method == "POST" && request.body);
}

Request redirected_request(const Request& first, const Request& previous, int status,
                           std::string next_url, bool trusted,
                           TransferSettings::KeepPost keep_post) {
    Request next = previous;
    next.url = std::move(next_url);
    if (becomes_get(next, status, keep_post)) {
        next.method = "GET";
        next.body.reset();
    }
    if (!trusted && !same_origin(first, next)) {
        std::erase_if(next.headers, carries_credentials);
    }
    return next;
}

bool same_origin(const Request& first, const Request& request) {
    const auto origin = origin_of(request.url);
    return origin && origin == origin_of(first.url);
}

}  // namespace rfetch
