#pragma once

#include <string>

#include "core/run/engine.h"

namespace rfetch {

/// A finished run, as -w and --result describe it.
struct RunReport {
    const RunResult& run;
    std::string method;
    std::string url;
    int exit_code = 0;
};

/// The --result document: one JSON object with the final response, its body, and how the
/// run went. Secrets are redacted, as in the log.
std::string result_document(const RunReport& report);

}  // namespace rfetch
