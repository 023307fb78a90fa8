#pragma once

#include <curl/curl.h>

#include "core/failure.h"

namespace rfetch {

/// The closed kind behind a libcurl error code.
FailureKind failure_kind_for(CURLcode code);

}  // namespace rfetch
