#include "core/run/attempt_number.h"

#include <algorithm>
#include <iterator>

namespace rfetch {

std::vector<Header> AttemptNumberHeader::for_attempt(int attempt) {
    std::string value = "attempt=" + std::to_string(attempt);
    if (retries_) {
        // Widened: a retry count as large as int allows still has one first attempt on top.
        value += "; max=" + std::to_string(static_cast<long long>(*retries_) + 1);
    }
    return {{name_, std::move(value)}};
}

std::vector<Header> AttemptHeaderList::for_attempt(int attempt) {
    std::vector<Header> headers;
    for (AttemptHeaders* source : sources_) {
        std::ranges::move(source->for_attempt(attempt), std::back_inserter(headers));
    }
    return headers;
}

}  // namespace rfetch
