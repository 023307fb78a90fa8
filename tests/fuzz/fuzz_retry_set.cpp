// parse_retry_set reads --retry-on. A list it accepts must contain each status it names; a
// list it refuses must name, as the bad item, one of the list's own items.

#include <string>

#include "core/retry/retry_set.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = rfetch_fuzz::as_text(data, size);
    const rfetch::RetrySetParse result = rfetch::parse_retry_set(text);
    if (!result.set) {
        const std::string wrapped = "," + std::string(text) + ",";
        FUZZ_CHECK(wrapped.find("," + result.bad_item + ",") != std::string::npos, text);
        return 0;
    }
    FUZZ_CHECK(result.bad_item.empty(), text);
    std::string_view rest = text;
    while (true) {
        const auto comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        if (item.size() == 3 && item[0] >= '4' && item[0] <= '5' && item[1] >= '0' &&
            item[1] <= '9' && item[2] >= '0' && item[2] <= '9') {
            const int status = (item[0] - '0') * 100 + (item[1] - '0') * 10 + (item[2] - '0');
            FUZZ_CHECK(result.set->contains(status), text);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(comma + 1);
    }
    return 0;
}
