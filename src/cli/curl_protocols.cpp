#include "cli/curl_protocols.h"

#include <algorithm>
#include <array>

#include "cli/usage_error.h"
#include "core/base/ascii.h"

namespace rfetch {
namespace {

// The protocols libcurl 7.88 is built with on Debian 12 (curl -V), which curl's own lists
// start from: "all" is every one of them, and a name not among them is warned about.
constexpr auto kLibcurlProtocols = std::to_array<std::string_view>(
    {"dict",  "file",  "ftp",   "ftps",   "gopher", "gophers", "http",  "https",
     "imap",  "imaps", "ldap",  "ldaps",  "mqtt",   "pop3",    "pop3s", "rtmp",
     "rtmpe", "rtmps", "rtmpt", "rtmpte", "rtmpts", "rtsp",    "scp",   "sftp",
     "smb",   "smbs",  "smtp",  "smtps",  "telnet", "tftp",    "ws",    "wss"});

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

void allow(std::vector<std::string>& set, const std::string& name) {
    if (std::ranges::find(set, name) == set.end()) {
        set.push_back(name);
    }
}

}  // namespace

std::vector<std::string> libcurl_protocols() {
    return {kLibcurlProtocols.begin(), kLibcurlProtocols.end()};
}

bool is_libcurl_protocol(std::string_view name) {
    const std::string wanted = to_lower(name);
    return std::ranges::find(kLibcurlProtocols, wanted) != kLibcurlProtocols.end();
}

ProtocolList read_protocol_list(std::string_view flag, std::string_view list,
                                const std::vector<std::string>& preset) {
    ProtocolList result{preset, {}};
    std::vector<std::string>& set = result.allowed;
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t end = std::min(list.find(',', start), list.size());
        std::string_view token = list.substr(start, end - start);
        start = end + 1;
        // As curl's strtok: empty entries between commas are skipped.
        if (token.empty()) {
            continue;
        }
        enum class Action { allow, deny, only } action = Action::allow;
        while (!token.empty() && !is_alnum(token.front())) {
            switch (token.front()) {
                case '=':
                    action = Action::only;
                    break;
                case '-':
                    action = Action::deny;
                    break;
                case '+':
                    action = Action::allow;
                    break;
                default:
                    reject(flag, list, "is badly used here: use protocols after +, - or =");
            }
            token.remove_prefix(1);
        }
        if (token.empty()) {
            reject(flag, list, "is badly used here: use protocols after +, - or =");
        }
        const std::string name = to_lower(token);
        if (name == "all") {
            set.clear();
            if (action != Action::deny) {
                set = libcurl_protocols();
            }
        } else if (is_libcurl_protocol(name)) {
            if (action == Action::deny) {
                std::erase(set, name);
            } else {
                if (action == Action::only) {
                    set.clear();
                }
                allow(set, name);
            }
        } else {
            // As curl: "=unknown" leaves no protocol allowed.
            if (action == Action::only) {
                set.clear();
            }
            result.warnings.push_back("unrecognized protocol '" + std::string(token) + "'");
        }
    }
    std::ranges::sort(set);
    return result;
}

}  // namespace rfetch
