#include "cli/url_list.h"

#include <string_view>

namespace rfetch {

std::vector<std::string> read_url_list(std::istream& lines) {
    constexpr std::string_view kBlank = " \t\r\v\f";
    std::vector<std::string> urls;
    std::string line;
    for (bool first_line = true; std::getline(lines, line); first_line = false) {
        // Editors on some systems start a UTF-8 file with a byte order mark.
        if (first_line && line.starts_with("\xEF\xBB\xBF")) {
            line.erase(0, 3);
        }
        const auto first = line.find_first_not_of(kBlank);
        if (first == std::string::npos || line[first] == '#') {
            continue;
        }
        const auto last = line.find_last_not_of(kBlank);
        urls.push_back(line.substr(first, last - first + 1));
    }
    return urls;
}

}  // namespace rfetch
