#pragma once

#include <stdexcept>
#include <string>

namespace rfetch {

/// A command line rfetch cannot run: the message is one line that names the flag, the value
/// and what is accepted. It ends the run with exit status 2 before anything is sent.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace rfetch
