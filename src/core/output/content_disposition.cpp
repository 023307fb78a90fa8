#include "core/output/content_disposition.h"

#include <cctype>

namespace rfetch {
namespace {

constexpr std::string_view kParameter = "filename=";

bool is_letter(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0;
}

// The parameter's value: a quoted one ends at its closing quote (or the end, when unmatched,
// as curl reads it), a bare one at ';'; a line break ends either.
std::string_view parameter_value(std::string_view rest) {
    char stop = ';';
    if (!rest.empty() && (rest.front() == '"' || rest.front() == '\'')) {
        stop = rest.front();
        rest.remove_prefix(1);
    }
    rest = rest.substr(0, rest.find(stop));
    return rest.substr(0, rest.find_first_of("\r\n"));
}

}  // namespace

std::optional<std::string> content_disposition_filename(std::string_view value) {
    // curl's walk: skip to the next letter; a parameter that is not filename= is passed over
    // up to its ';'. So "inline; filename=x" and "attachment;filename=x" both name x.
    std::size_t at = 0;
    while (true) {
        while (at < value.size() && !is_letter(value[at])) {
            ++at;
        }
        if (at >= value.size()) {
            return std::nullopt;
        }
        if (value.substr(at).starts_with(kParameter)) {
            break;
        }
        at = value.find(';', at);
        if (at == std::string_view::npos) {
            return std::nullopt;
        }
    }
    std::string_view name = parameter_value(value.substr(at + kParameter.size()));
    if (const auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) {
        name.remove_prefix(slash + 1);
    }
    if (name.empty() || name == "." || name == "..") {
        return std::nullopt;
    }
    return std::string(name);
}

}  // namespace rfetch
