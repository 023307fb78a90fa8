#include "core/retry/method.h"

#include <algorithm>
#include <array>

namespace rfetch {

bool is_idempotent_method(std::string_view method) {
    // Method names are case-sensitive (RFC 9110 §9.1): "post" is not POST, and not safe either.
    static constexpr std::array<std::string_view, 6> kIdempotent{"GET",   "HEAD", "OPTIONS",
                                                                 "TRACE", "PUT",  "DELETE"};
    return std::ranges::find(kIdempotent, method) != kIdempotent.end();
}

}  // namespace rfetch
