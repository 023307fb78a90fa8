#pragma once

#include <stdexcept>

namespace rfetch {

/// A file whose bytes are to be sent cannot be read: the run ends with exit status 26, curl's
/// CURLE_READ_ERROR, before anything is sent. The message is one line that names the flag.
class ReadError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace rfetch
