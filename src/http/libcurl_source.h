#pragma once

#include <curl/curl.h>

#include <string>
#include <utility>
#include <vector>

namespace rfetch {

/// curl's --libcurl: the libcurl options one transfer set, in order, written out as curl 7.88
/// writes them: a C program that performs the same transfer, and a comment that lists the
/// options it cannot write as source (callbacks and the objects they are given).
class LibcurlSource {
  public:
    /// True the first time only: the exchange that claims the source first is the one written.
    bool claim() { return !std::exchange(claimed_, true); }

    /// Notes an option an exchange set, as curl_easy_setopt got it; curl_easy_option_by_id
    /// says how to read an integer (a long, an enum, a bit mask or a curl_off_t) or a string.
    void record(CURLoption option, long long value);
    void record(CURLoption option, const char* value);
    void record(CURLoption option, const curl_slist* value);
    /// A callback or an object: the program can only name it.
    void record_pointer(CURLoption option, bool set);

    /// The program.
    std::string program() const;

  private:
    // A curl_easy_setopt call (or, for an slist, the items it is built from), or a remark on
    // an option that cannot be written as source.
    struct Line {
        enum class Kind { code, slist, remark } kind;
        std::string text;
        std::vector<std::string> items;
    };

    bool claimed_ = false;
    std::vector<Line> lines_;
    /// The last CURLOPT_POSTFIELDSIZE(_LARGE): how many bytes of POSTFIELDS are the body.
    long long post_size_ = -1;
};

}  // namespace rfetch
