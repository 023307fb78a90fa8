#include "cli/flag_hints.h"

#include <string_view>

namespace rfetch {
namespace {

std::string_view flag_hint(Setting setting) {
    switch (setting) {
        case Setting::none:
            return {};
        case Setting::max_retry_after:
            return "raise --max-retry-after to wait that long";
        case Setting::buffer:
            return "raise --buffer to keep it";
        case Setting::max_filesize:
            return "raise --max-filesize to allow it";
        case Setting::unsafe_retry:
            return "use --idempotency-key or --retry-unsafe to allow it";
    }
    return {};
}

}  // namespace

std::string with_flag_hint(std::string reason, Setting setting) {
    const std::string_view hint = flag_hint(setting);
    if (!hint.empty()) {
        reason.append(" (").append(hint).append(")");
    }
    return reason;
}

}  // namespace rfetch
