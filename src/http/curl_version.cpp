#include "http/curl_version.h"

#include <curl/curl.h>

#include <array>
#include <utility>

namespace rfetch {

std::string version_text() {
    const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
    std::string text = "rfetch " RFETCH_VERSION "\nlibcurl " + std::string(info->version);
    if (info->ssl_version != nullptr) {
        text += " (" + std::string(info->ssl_version) + ")";
    }
    static constexpr std::array<std::pair<int, const char*>, 6> kFeatures{{
        {CURL_VERSION_SSL, "TLS"},
        {CURL_VERSION_HTTP2, "HTTP2"},
        {CURL_VERSION_HTTP3, "HTTP3"},
        {CURL_VERSION_IPV6, "IPv6"},
        {CURL_VERSION_LIBZ, "libz"},
        {CURL_VERSION_BROTLI, "brotli"},
    }};
    text += "\nfeatures:";
    for (const auto& [bit, name] : kFeatures) {
        if ((info->features & bit) != 0) {
            text += std::string(" ") + name;
        }
    }
    return text;
}

}  // namespace rfetch
