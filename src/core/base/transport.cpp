#include "core/base/transport.h"

#include "core/base/ascii.h"

namespace rfetch {

std::optional<std::string_view> Response::header(std::string_view name) const {
    const auto found = std::ranges::find_if(
        headers, [name](const Header& h) { return equals_ignoring_case(h.name, name); });
    if (found == headers.end()) {
        return std::nullopt;
    }
    return found->value;
}

}  // namespace rfetch
