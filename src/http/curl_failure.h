#pragma once

#include <curl/curl.h>

#include <exception>
#include <stdexcept>

#include "core/base/failure.h"

namespace rfetch {

/// The closed kind behind a libcurl error code.
FailureKind failure_kind_for(CURLcode code);

/// libcurl refused an option that the attempt cannot do without.
class CurlOptionRefused : public std::runtime_error {
  public:
    CurlOptionRefused(CURLoption option, CURLcode code);
    CURLcode code() const { return code_; }

  private:
    CURLcode code_;
};

/// The failure of an attempt that met more redirects than --max-redirs, in libcurl's words.
Failure too_many_redirects(long max_redirects);

/// The failure of an attempt that a signal stopped between two of its requests, as libcurl's
/// progress callback stops one during a request.
Failure aborted_by_signal();

/// The failure of an attempt whose body's reader went away, during a request (libcurl's
/// progress callback stops it) or between two (a redirect's wait ends).
Failure reader_went_away();

/// What an exception from setting up or reading one attempt becomes: that attempt's failure,
/// so the run still reports its result and the other transfers go on.
Failure internal_failure(const std::exception& error);

}  // namespace rfetch
