#include "http/url_check.h"

#include <curl/curl.h>

#include <memory>

namespace rfetch {
namespace {

struct UrlDeleter {
    void operator()(CURLU* url) const { curl_url_cleanup(url); }
};

struct PartDeleter {
    void operator()(char* part) const { curl_free(part); }
};

}  // namespace

std::optional<std::string> url_problem(const std::string& url) {
    const std::unique_ptr<CURLU, UrlDeleter> handle(curl_url());
    if (!handle) {
        return "out of memory";
    }
    // The same default as the transfer: a URL without a scheme is fetched over http.
    if (const CURLUcode code =
            curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), CURLU_DEFAULT_SCHEME);
        code != CURLUE_OK) {
        return curl_url_strerror(code);
    }
    char* raw_host = nullptr;
    if (curl_url_get(handle.get(), CURLUPART_HOST, &raw_host, 0) != CURLUE_OK) {
        return "it names no host";
    }
    const std::unique_ptr<char, PartDeleter> host(raw_host);
    if (*host == '\0') {
        return "it names no host";
    }
    return std::nullopt;
}

}  // namespace rfetch
