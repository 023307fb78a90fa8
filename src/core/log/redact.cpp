#include "core/log/redact.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "core/base/ascii.h"

namespace rfetch {
namespace {

// Matched as substrings of the lower-cased name, so "X-Api-Key", "access_token" and
// "client_secret" are all caught. A false positive only hides a value from the log.
bool is_secret_parameter(std::string_view name) {
    static constexpr std::array<std::string_view, 12> kFragments{
        "token", "key",  "secret",     "password", "passwd", "pwd",
        "sig",   "auth", "credential", "session",  "jwt",    "otp"};
    const std::string lower = to_lower(name);
    return std::ranges::any_of(kFragments, [&](std::string_view fragment) {
        return lower.find(fragment) != std::string::npos;
    });
}

std::string redact_query(std::string_view query) {
    std::string out;
    while (true) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && is_secret_parameter(pair.substr(0, eq))) {
            out.append(pair.substr(0, eq + 1)).append(kRedacted);
        } else {
            out.append(pair);
        }
        if (amp == std::string_view::npos) {
            return out;
        }
        out.push_back('&');
        query.remove_prefix(amp + 1);
    }
}

std::string redact_userinfo(std::string_view authority) {
    const auto at = authority.rfind('@');
    if (at == std::string_view::npos) {
        return std::string(authority);
    }
    const std::string_view userinfo = authority.substr(0, at);
    const auto colon = userinfo.find(':');
    // Without a password the user part is often the credential itself, as in GitHub's
    // https://TOKEN@github.com/: it cannot be told from a user name, so it goes too.
    if (colon == std::string_view::npos) {
        return std::string(kRedacted) + std::string(authority.substr(at));
    }
    return std::string(userinfo.substr(0, colon + 1)) + std::string(kRedacted) +
           std::string(authority.substr(at));
}

bool is_scheme_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == '.';
}

// Where the URL's "scheme://" prefix ends, or npos. RFC 3986 §3.1: a scheme is a letter then
// letters, digits, '+', '-' or '.'. A "://" later in the query is not one, so a redirect URL
// inside a query cannot hide the secrets before it.
std::size_t scheme_prefix_end(std::string_view url) {
    const auto separator = url.find("://");
    if (separator == std::string_view::npos || separator == 0 ||
        std::isalpha(static_cast<unsigned char>(url[0])) == 0 ||
        !std::all_of(url.begin(), url.begin() + static_cast<std::ptrdiff_t>(separator),
                     is_scheme_char)) {
        return std::string_view::npos;
    }
    return separator + 3;
}

// Where a URL starts inside a word ("url=https://h/?token=x"), or npos.
std::size_t embedded_url_start(std::string_view word) {
    const auto separator = word.find("://");
    if (separator == std::string_view::npos) {
        return std::string_view::npos;
    }
    auto start = separator;
    while (start > 0 && is_scheme_char(word[start - 1])) {
        --start;
    }
    while (start < separator && std::isalpha(static_cast<unsigned char>(word[start])) == 0) {
        ++start;
    }
    return start < separator ? start : std::string_view::npos;
}

// A request target like "/p?token=x", or a URL anywhere in the word, possibly quoted.
std::string redact_word(std::string_view word) {
    if (word.starts_with('/')) {
        return redact_url(word);
    }
    const auto start = embedded_url_start(word);
    if (start == std::string_view::npos) {
        return std::string(word);
    }
    // libcurl quotes URLs in its messages: 'http://...'. The quote is not part of the query.
    const auto end = word.find_last_not_of("'\">),.");
    const std::string_view url = word.substr(start, end + 1 - start);
    return std::string(word.substr(0, start)) + redact_url(url) +
           std::string(word.substr(start + url.size()));
}

// The names that --redact-header adds, lower-cased; set before any run starts.
std::vector<std::string>& secret_header_names() {
    static std::vector<std::string> names;
    return names;
}

}  // namespace

std::string redact_url(std::string_view url) {
    const auto scheme_end = scheme_prefix_end(url);
    const std::size_t authority_start = scheme_end == std::string_view::npos ? 0 : scheme_end;
    const auto authority_end = url.find_first_of("/?#", authority_start);
    std::string out(url.substr(0, authority_start));
    out += redact_userinfo(url.substr(authority_start, authority_end - authority_start));
    if (authority_end == std::string_view::npos) {
        return out;
    }
    std::string_view rest = url.substr(authority_end);
    // The fragment is read as a query too: OAuth's implicit flow puts access_token=... there.
    const auto hash = rest.find('#');
    const std::string_view fragment =
        hash == std::string_view::npos ? std::string_view{} : rest.substr(hash + 1);
    rest = rest.substr(0, hash);
    const auto question = rest.find('?');
    out.append(rest.substr(0, question == std::string_view::npos ? rest.size() : question + 1));
    if (question != std::string_view::npos) {
        out += redact_query(rest.substr(question + 1));
    }
    if (hash != std::string_view::npos) {
        out.append("#").append(redact_query(fragment));
    }
    return out;
}

void add_secret_header(std::string_view name) {
    secret_header_names().push_back(to_lower(trim_whitespace(name)));
}

bool is_secret_header(std::string_view name) {
    static constexpr std::array<std::string_view, 4> kSecret{"authorization", "proxy-authorization",
                                                             "cookie", "set-cookie"};
    const std::string lower = to_lower(trim_whitespace(name));
    // X-Api-Key, X-Auth-Token, Client-Secret and their kin carry credentials by their names.
    if (lower.ends_with("-key") || lower.ends_with("-token") ||
        lower.find("secret") != std::string::npos) {
        return true;
    }
    return std::ranges::find(kSecret, lower) != kSecret.end() ||
           std::ranges::find(secret_header_names(), lower) != secret_header_names().end();
}

std::string redact_text(std::string_view text) {
    std::string out;
    while (true) {
        const auto space = text.find(' ');
        out += redact_word(text.substr(0, space));
        if (space == std::string_view::npos) {
            return out;
        }
        out.push_back(' ');
        text.remove_prefix(space + 1);
    }
}

std::string redact_header_line(std::string_view line) {
    // Over HTTP/2 libcurl notes each header it sends in brackets, after a prefix: 7.88 writes
    // "h2h3 [authorization: Bearer x]", later versions "[HTTP/2] [1] [cookie: a=b]".
    if (const auto open = line.rfind('['); open != std::string_view::npos && line.ends_with(']')) {
        const std::string_view field = line.substr(open + 1, line.size() - open - 2);
        // ":path: /x" keeps its leading colon: the name's colon is the first after it.
        const auto colon = field.find(':', 1);
        const std::string shown =
            colon != std::string_view::npos && is_secret_header(field.substr(0, colon))
                ? std::string(field.substr(0, colon)) + ": " + std::string(kRedacted)
                : redact_text(field);
        return redact_text(line.substr(0, open + 1)) + shown + "]";
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos ||
        !is_secret_header(trim_whitespace(line.substr(0, colon)))) {
        return redact_text(line);
    }
    return std::string(line.substr(0, colon)) + ": " + std::string(kRedacted);
}

}  // namespace rfetch
