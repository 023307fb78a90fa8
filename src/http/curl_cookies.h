#pragma once

#include <curl/curl.h>

#include <string>
#include <vector>

namespace rfetch {

/// The cookies of one invocation, shared by the handles of every attempt and every URL: those
/// -b FILE loads, and those servers set. Written to the -c jar once the run is over.
class CurlCookieStore {
  public:
    /// Loads each cookie file in `files`, in order; one that cannot be read adds nothing, as in
    /// curl (`-b none` only turns the engine on). With `without_session_cookies` (curl's -j,
    /// CURLOPT_COOKIESESSION) the cookies with no expiry are left out.
    explicit CurlCookieStore(const std::vector<std::string>& files,
                             bool without_session_cookies = false);
    ~CurlCookieStore();
    CurlCookieStore(const CurlCookieStore&) = delete;
    CurlCookieStore& operator=(const CurlCookieStore&) = delete;

    CURLSH* share() const { return share_; }
    /// Every cookie, in the Netscape cookie file format curl's jar has.
    std::string netscape_text() const;

  private:
    CURLSH* share_ = nullptr;
};

}  // namespace rfetch
