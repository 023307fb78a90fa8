#pragma once

#include "app/fetch.h"

namespace rfetch {

/// Fetches every target on one libcurl multi handle, one after another in input order or, with
/// -Z, up to --parallel-max at once; writes each body and result event as its run ends, then a
/// summary event; returns the exit status.
int run_many(const FetchContext& context);

}  // namespace rfetch
