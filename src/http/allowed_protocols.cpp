#include "http/allowed_protocols.h"

#include <algorithm>

namespace rfetch {
namespace {

// libcurl takes no empty list (CURLOPT_PROTOCOLS_STR(3)); a protocol rfetch never sends a URL
// for stands for none, so libcurl answers every URL rfetch has with CURLE_UNSUPPORTED_PROTOCOL,
// curl's "Protocol "http" not supported or disabled in libcurl".
constexpr const char* kNoProtocol = "dict";

std::vector<std::string> kept(std::vector<std::string> own,
                              const std::optional<std::vector<std::string>>& allowed) {
    if (allowed) {
        std::erase_if(own, [&](const std::string& name) {
            return std::ranges::find(*allowed, name) == allowed->end();
        });
    }
    return own;
}

std::string joined(const std::vector<std::string>& names) {
    if (names.empty()) {
        return kNoProtocol;
    }
    std::string list;
    for (const std::string& name : names) {
        list += (list.empty() ? "" : ",") + name;
    }
    return list;
}

}  // namespace

std::string request_protocols(const std::vector<std::string>& own, const TransferSettings& transfer,
                              bool redirected) {
    std::vector<std::string> names = kept(own, transfer.protocols);
    if (redirected) {
        names = kept(names, transfer.redirect_protocols);
    }
    return joined(names);
}

std::string redirect_protocols(const TransferSettings& transfer) {
    return joined(kept({"http", "https"}, transfer.redirect_protocols));
}

}  // namespace rfetch
