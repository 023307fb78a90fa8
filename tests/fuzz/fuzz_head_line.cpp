// parse_head_line reads each line of a response head, straight from the server. A field it
// returns must have a non-empty name without whitespace and a value with none around it, both
// taken from the line itself.

#include <string>

#include "core/output/header_line.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = rfetch_fuzz::as_text(data, size);
    const rfetch::HeadLine line = rfetch::parse_head_line(text);
    if (line.kind != rfetch::HeadLine::Kind::field) {
        FUZZ_CHECK(line.field.name.empty() && line.field.value.empty(), text);
        return 0;
    }
    const std::string& name = line.field.name;
    const std::string& value = line.field.value;
    FUZZ_CHECK(!name.empty(), text);
    FUZZ_CHECK(name.find_first_of(" \t:") == std::string::npos, text);
    FUZZ_CHECK(text.starts_with(name + ":"), text);
    FUZZ_CHECK(value.empty() || (value.front() != ' ' && value.front() != '\t' &&
                                 value.back() != ' ' && value.back() != '\t'),
               text);
    FUZZ_CHECK(text.substr(name.size() + 1).find(value) != std::string_view::npos, text);
    return 0;
}
