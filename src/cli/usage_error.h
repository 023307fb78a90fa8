#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace rfetch {

/// A command line rfetch cannot run: the message is one line that names the flag, the value
/// and what is accepted. It ends the run with exit status 2 before anything is sent.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Throws the UsageError "FLAG: 'VALUE' EXPECTED".
[[noreturn]] inline void reject(std::string_view flag, std::string_view value,
                                std::string_view expected) {
    throw UsageError(std::string(flag) + ": '" + std::string(value) + "' " + std::string(expected));
}

}  // namespace rfetch
