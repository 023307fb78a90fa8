#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "core/run/engine.h"

namespace rfetch {

/// A finished run, as -w and --result describe it.
struct RunReport {
    const RunResult& run;
    std::string method;
    std::string url;
    int exit_code = 0;
    /// The file the body went to, named as the user (or -J's Content-Disposition) named it;
    /// nullopt for stdout.
    std::optional<std::string> filename{};
    /// Which URL of the command line this is, from 0, as curl's %{urlnum} counts: the URLs a
    /// glob makes share their pattern's number, and --next parts count on.
    std::size_t url_number = 0;
};

/// The --result document: one JSON object with the final response, its body, and how the
/// run went. Secrets are redacted, as in the log.
std::string result_document(const RunReport& report);

}  // namespace rfetch
