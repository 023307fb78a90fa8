// parse_duration reads every --timeout, --max-time and the like. Beyond not crashing, what it
// accepts must stay inside [0, kMaxDuration], and format_duration must write a duration back
// in a form parse_duration reads as the same number of milliseconds.

#include <string>

#include "core/base/duration.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = rfetch_fuzz::as_text(data, size);
    const auto parsed = rfetch::parse_duration(text);
    if (!parsed) {
        return 0;
    }
    FUZZ_CHECK(*parsed >= rfetch::Duration{0} && *parsed <= rfetch::kMaxDuration, text);
    const std::string formatted = rfetch::format_duration(*parsed);
    const auto reparsed = rfetch::parse_duration(formatted);
    FUZZ_CHECK(reparsed.has_value() && *reparsed == *parsed, text);
    return 0;
}
