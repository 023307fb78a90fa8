#include "http/curl_cookies.h"

#include <stdexcept>

#include "http/curl_handle.h"

namespace rfetch {
namespace {

// A handle that only reaches into the share: it never transfers anything.
CurlEasy handle_on(CURLSH* share) {
    CurlEasy easy(curl_easy_init());
    if (!easy || curl_easy_setopt(easy.get(), CURLOPT_SHARE, share) != CURLE_OK) {
        throw std::runtime_error("libcurl could not create a handle for the cookies");
    }
    return easy;
}

}  // namespace

CurlCookieStore::CurlCookieStore(const std::vector<std::string>& files,
                                 bool without_session_cookies)
    : share_(curl_share_init()) {
    // rfetch drives every transfer from one thread, so the share needs no lock.
    if (share_ == nullptr ||
        curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE) != CURLSHE_OK) {
        curl_share_cleanup(share_);
        throw std::runtime_error("libcurl could not share cookies");
    }
    if (files.empty()) {
        return;
    }
    const CurlEasy easy = handle_on(share_);
    // libcurl reads it as it loads the files (the RELOAD below), as a new session would.
    curl_easy_setopt(easy.get(), CURLOPT_COOKIESESSION, without_session_cookies ? 1L : 0L);
    for (const std::string& file : files) {
        curl_easy_setopt(easy.get(), CURLOPT_COOKIEFILE, file.c_str());
    }
    // Reads them now, once: a retry must not bring back a cookie the server has since changed.
    curl_easy_setopt(easy.get(), CURLOPT_COOKIELIST, "RELOAD");
}

CurlCookieStore::~CurlCookieStore() {
    curl_share_cleanup(share_);
}

std::string CurlCookieStore::netscape_text() const {
    const CurlEasy easy = handle_on(share_);
    curl_slist* cookies = nullptr;
    curl_easy_getinfo(easy.get(), CURLINFO_COOKIELIST, &cookies);
    std::string text = "# Netscape HTTP Cookie File\n";
    for (const curl_slist* line = cookies; line != nullptr; line = line->next) {
        text += line->data;
        text += '\n';
    }
    curl_slist_free_all(cookies);
    return text;
}

}  // namespace rfetch
