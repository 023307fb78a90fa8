#pragma once

// A Config built from RawOptions as the command line builds it, for the tests of the
// command-line layer: standard input from a string, the process's own environment.

#include <sstream>
#include <string>

#include "cli/config_builder.h"
#include "cli/usage_error.h"

namespace rfetch::test {

/// Options with one URL on a port nobody listens on.
inline RawOptions with_url() {
    RawOptions raw;
    raw.urls = {"http://127.0.0.1:1/x"};
    return raw;
}

inline Config build(const RawOptions& raw, const std::string& stdin_text = {},
                    bool terminal = false) {
    std::istringstream in(stdin_text);
    Surroundings surroundings{in, terminal, process_environment, {}, {}};
    return build_config(raw, surroundings);
}

/// The usage error building `raw` throws, or "(accepted)".
inline std::string usage_error(const RawOptions& raw) {
    try {
        build(raw);
    } catch (const UsageError& error) {
        return error.what();
    }
    return "(accepted)";
}

}  // namespace rfetch::test
