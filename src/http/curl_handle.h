#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace rfetch {

/// curl_global_init must run once before any handle, and before threads start.
class CurlGlobal {
  public:
    CurlGlobal();
    ~CurlGlobal();
    CurlGlobal(const CurlGlobal&) = delete;
    CurlGlobal& operator=(const CurlGlobal&) = delete;
};

struct CurlEasyDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
/// Owns an easy handle. One handle serves every attempt of a run, so its connection is reused.
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

/// Owns a header list. libcurl keeps a pointer to it for as long as the handle uses it.
class CurlSlist {
  public:
    CurlSlist() = default;
    explicit CurlSlist(const std::vector<std::string>& lines);
    ~CurlSlist() { curl_slist_free_all(list_); }
    CurlSlist(CurlSlist&& other) noexcept : list_(std::exchange(other.list_, nullptr)) {}
    CurlSlist& operator=(CurlSlist&& other) noexcept;
    CurlSlist(const CurlSlist&) = delete;
    CurlSlist& operator=(const CurlSlist&) = delete;

    curl_slist* get() const { return list_; }

  private:
    curl_slist* list_ = nullptr;
};

}  // namespace rfetch
