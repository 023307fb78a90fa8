#pragma once

#include <string_view>

namespace rfetch {

/// RFC 9110 §9.2.2: GET, HEAD, OPTIONS, TRACE, PUT and DELETE may be repeated without changing
/// the outcome, so a retry after an unknown result is safe.
bool is_idempotent_method(std::string_view method);

}  // namespace rfetch
