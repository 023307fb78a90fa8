#pragma once

#include "cli/raw_options.h"
#include "core/base/transport.h"

namespace rfetch {

/// Reads curl's connection flags in `raw` (--keepalive-time, --tcp-nodelay, --tcp-fastopen,
/// --expect100-timeout, --happy-eyeballs-timeout-ms, --disallow-username-in-url, --post30x,
/// --speed-limit, --speed-time) into `transfer`, as curl 7.88 reads them. Throws a UsageError
/// naming the flag for a value curl would refuse.
void apply_curl_transfer_settings(const RawOptions& raw, TransferSettings& transfer);

}  // namespace rfetch
