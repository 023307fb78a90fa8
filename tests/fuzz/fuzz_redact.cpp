// redact_url and redact_text see every URL and every -v line rfetch prints. They must never
// crash, and they must actually hide a secret query parameter.
//
// The secrecy property is checked only on inputs of a shape where the answer is certain:
//
//   A "?" "token=SECRETVALUE" S C          or          A "?" B "&token=SECRETVALUE" S C
//
// where A is a URL or request target without a query or fragment (it starts with "/" or with
// "scheme://", and holds no '?' or '#'), B holds no '#', S is '&' or '#', and SECRETVALUE
// appears nowhere else. In such an input token=SECRETVALUE is a parameter of the query, so
// SECRETVALUE must not survive, neither in redact_url nor in redact_text of a request line.
// The fuzzer's bytes give A, B and C (split at the first two '\n') and the first byte picks
// the shape, so every other input still exercises the functions for crashes.

#include <string>

#include "core/log/redact.h"
#include "fuzz_check.h"

namespace {

constexpr std::string_view kSecret = "SECRETVALUE";

bool starts_with_scheme(std::string_view text) {
    const auto end = text.find("://");
    if (end == std::string_view::npos || end == 0 ||
        !((text[0] >= 'a' && text[0] <= 'z') || (text[0] >= 'A' && text[0] <= 'Z'))) {
        return false;
    }
    for (const char c : text.substr(0, end)) {
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!alpha && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
            return false;
        }
    }
    return true;
}

std::string_view take_line(std::string_view& text) {
    const auto newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    return line;
}

void check_secret_is_hidden(std::string_view input) {
    if (input.empty()) {
        return;
    }
    const auto shape = static_cast<unsigned char>(input.front());
    input.remove_prefix(1);
    const std::string_view a = take_line(input);
    const std::string_view b = take_line(input);
    const std::string_view c = input;
    if (!(a.starts_with('/') || starts_with_scheme(a)) ||
        a.find_first_of("?#") != std::string_view::npos || b.find('#') != std::string_view::npos) {
        return;
    }
    for (const std::string_view part : {a, b, c}) {
        if (part.find(kSecret) != std::string_view::npos) {
            return;
        }
    }
    std::string url(a);
    url += '?';
    if ((shape & 1) != 0) {
        url.append(b).append("&");
    }
    url.append("token=").append(kSecret);
    url += (shape & 2) != 0 ? '#' : '&';
    url.append(c);

    FUZZ_CHECK(rfetch::redact_url(url).find(kSecret) == std::string::npos, url);
    // As libcurl's -v shows a request line; a space would split the target into two words.
    if (url.find(' ') == std::string::npos) {
        const std::string request_line = "GET " + url + " HTTP/1.1";
        FUZZ_CHECK(rfetch::redact_text(request_line).find(kSecret) == std::string::npos,
                   request_line);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = rfetch_fuzz::as_text(data, size);
    (void)rfetch::redact_url(text);
    (void)rfetch::redact_text(text);
    (void)rfetch::redact_header_line(text);
    (void)rfetch::is_secret_header(text);
    check_secret_is_hidden(text);
    return 0;
}
