#include "http/curl_handle.h"

#include <stdexcept>
#include <utility>

namespace rfetch {

CurlGlobal::CurlGlobal() {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        throw std::runtime_error("libcurl could not be initialised");
    }
}

CurlGlobal::~CurlGlobal() {
    curl_global_cleanup();
}

CurlSlist::CurlSlist(const std::vector<std::string>& lines) {
    for (const std::string& line : lines) {
        curl_slist* grown = curl_slist_append(list_, line.c_str());
        if (grown == nullptr) {
            curl_slist_free_all(list_);
            throw std::bad_alloc();
        }
        list_ = grown;
    }
}

CurlSlist& CurlSlist::operator=(CurlSlist&& other) noexcept {
    if (this != &other) {
        curl_slist_free_all(list_);
        list_ = std::exchange(other.list_, nullptr);
    }
    return *this;
}

}  // namespace rfetch
