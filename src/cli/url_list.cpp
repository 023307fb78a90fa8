#include "cli/url_list.h"

#include <string_view>

namespace rfetch {

std::vector<std::string> read_url_list(std::istream& lines) {
    constexpr std::string_view kBlank = " \t\r\v\f";
    std::vector<std::string> urls;
    std::string line;
    while (std::getline(lines, line)) {
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
