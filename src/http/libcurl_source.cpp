#include "http/libcurl_source.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <utility>

#include "core/log/redact.h"

namespace rfetch {
namespace {

template <typename Value>
using Names = std::initializer_list<std::pair<std::string_view, Value>>;

// curl's tables for the options it writes by name (tool_setopt.c); bit masks put the
// combinations first.
const Names<unsigned long> kAuthBits{
    {"CURLAUTH_ANY", CURLAUTH_ANY},
    {"CURLAUTH_ANYSAFE", CURLAUTH_ANYSAFE},
    {"CURLAUTH_BASIC", CURLAUTH_BASIC},
    {"CURLAUTH_DIGEST", CURLAUTH_DIGEST},
    {"CURLAUTH_GSSNEGOTIATE", CURLAUTH_GSSNEGOTIATE},
    {"CURLAUTH_NTLM", CURLAUTH_NTLM},
    {"CURLAUTH_DIGEST_IE", CURLAUTH_DIGEST_IE},
    {"CURLAUTH_NTLM_WB", CURLAUTH_NTLM_WB},
    {"CURLAUTH_ONLY", CURLAUTH_ONLY},
    {"CURLAUTH_NONE", CURLAUTH_NONE},
};
const Names<long> kHttpVersions{
    {"CURL_HTTP_VERSION_NONE", CURL_HTTP_VERSION_NONE},
    {"CURL_HTTP_VERSION_1_0", CURL_HTTP_VERSION_1_0},
    {"CURL_HTTP_VERSION_1_1", CURL_HTTP_VERSION_1_1},
    {"CURL_HTTP_VERSION_2_0", CURL_HTTP_VERSION_2_0},
    {"CURL_HTTP_VERSION_2TLS", CURL_HTTP_VERSION_2TLS},
    {"CURL_HTTP_VERSION_3", CURL_HTTP_VERSION_3},
};
const Names<long> kTimeConditions{
    {"CURL_TIMECOND_IFMODSINCE", CURL_TIMECOND_IFMODSINCE},
    {"CURL_TIMECOND_IFUNMODSINCE", CURL_TIMECOND_IFUNMODSINCE},
    {"CURL_TIMECOND_LASTMOD", CURL_TIMECOND_LASTMOD},
    {"CURL_TIMECOND_NONE", CURL_TIMECOND_NONE},
};
const Names<long> kNetrc{
    {"CURL_NETRC_IGNORED", CURL_NETRC_IGNORED},
    {"CURL_NETRC_OPTIONAL", CURL_NETRC_OPTIONAL},
    {"CURL_NETRC_REQUIRED", CURL_NETRC_REQUIRED},
};
const Names<long> kProxyTypes{
    {"CURLPROXY_HTTP", CURLPROXY_HTTP},
    {"CURLPROXY_HTTP_1_0", CURLPROXY_HTTP_1_0},
    {"CURLPROXY_HTTPS", CURLPROXY_HTTPS},
    {"CURLPROXY_SOCKS4", CURLPROXY_SOCKS4},
    {"CURLPROXY_SOCKS5", CURLPROXY_SOCKS5},
    {"CURLPROXY_SOCKS4A", CURLPROXY_SOCKS4A},
    {"CURLPROXY_SOCKS5_HOSTNAME", CURLPROXY_SOCKS5_HOSTNAME},
};
// A floor alone has its name; with a ceiling ORed in, curl writes the number.
const Names<long> kSslVersions{
    {"CURL_SSLVERSION_DEFAULT", CURL_SSLVERSION_DEFAULT},
    {"CURL_SSLVERSION_TLSv1", CURL_SSLVERSION_TLSv1},
    {"CURL_SSLVERSION_SSLv2", CURL_SSLVERSION_SSLv2},
    {"CURL_SSLVERSION_SSLv3", CURL_SSLVERSION_SSLv3},
    {"CURL_SSLVERSION_TLSv1_0", CURL_SSLVERSION_TLSv1_0},
    {"CURL_SSLVERSION_TLSv1_1", CURL_SSLVERSION_TLSv1_1},
    {"CURL_SSLVERSION_TLSv1_2", CURL_SSLVERSION_TLSv1_2},
    {"CURL_SSLVERSION_TLSv1_3", CURL_SSLVERSION_TLSv1_3},
};
// Options whose default is not 0: curl writes them only when set to something else.
const Names<long> kNonZeroDefaults{
    {"CURLOPT_SSL_VERIFYPEER", 1},       {"CURLOPT_SSL_VERIFYHOST", 1},
    {"CURLOPT_SSL_ENABLE_NPN", 1},       {"CURLOPT_SSL_ENABLE_ALPN", 1},
    {"CURLOPT_TCP_NODELAY", 1},          {"CURLOPT_PROXY_SSL_VERIFYPEER", 1},
    {"CURLOPT_PROXY_SSL_VERIFYHOST", 1}, {"CURLOPT_SOCKS5_AUTH", 1},
};

std::string option_name(CURLoption option) {
    const curl_easyoption* known = curl_easy_option_by_id(option);
    return known != nullptr ? std::string("CURLOPT_") + known->name
                            : "(CURLoption)" + std::to_string(static_cast<int>(option));
}

curl_easytype option_type(CURLoption option) {
    const curl_easyoption* known = curl_easy_option_by_id(option);
    return known != nullptr ? known->type : CURLOT_LONG;
}

std::string call(const std::string& name, const std::string& value) {
    return "curl_easy_setopt(hnd, " + name + ", " + value + ");";
}

// curl's c_escape: a C string literal's contents, cut at 2000 bytes as curl cuts them.
std::string c_escaped(std::string_view text) {
    constexpr std::size_t kMaxLength = 2000;
    const bool cut = text.size() > kMaxLength;
    if (cut) {
        text = text.substr(0, kMaxLength);
    }
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
            case '\t':
                out += "\\t";
                continue;
            case '\r':
                out += "\\r";
                continue;
            case '\n':
                out += "\\n";
                continue;
            case '?':  // no accidental trigraph
                out += "\\?";
                continue;
            case '"':
                out += "\\\"";
                continue;
            case '\\':
                out += "\\\\";
                continue;
            default:
                break;
        }
        if (byte >= 0x20 && byte <= 0x7E) {
            out.push_back(c);
            continue;
        }
        // A hex escape would swallow a hex digit after it: octal then.
        const bool hex_follows =
            i + 1 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) != 0;
        std::array<char, 8> escape{};
        std::snprintf(escape.data(), escape.size(), hex_follows ? "\\%03o" : "\\x%02x", byte);
        out += escape.data();
    }
    return cut ? out + "..." : out;
}

template <typename Value>
const std::string_view* name_of(const Names<Value>& names, Value value) {
    for (const auto& [name, known] : names) {
        if (known == value) {
            return &name;
        }
    }
    return nullptr;
}

// curl's tool_setopt_bitmask: one line a bit (or combination), joined by " |".
std::string bit_mask(const std::string& name, unsigned long value) {
    std::string preamble = "curl_easy_setopt(hnd, " + name + ", ";
    std::string text;
    unsigned long rest = value;
    for (const auto& [bit_name, bits] : kAuthBits) {
        if ((bits & ~rest) == 0) {
            rest &= ~bits;
            text += preamble + "(long)" + std::string(bit_name) + (rest != 0 ? " |" : ");");
            if (rest == 0) {
                return text;
            }
            text += "\n";
            preamble.assign(preamble.size(), ' ');
        }
    }
    return text + preamble + std::to_string(rest) + "UL);";
}

}  // namespace

void LibcurlSource::record(CURLoption option, long long value) {
    const std::string name = option_name(option);
    if (option == CURLOPT_POSTFIELDSIZE || option == CURLOPT_POSTFIELDSIZE_LARGE) {
        post_size_ = value;
    }
    if (option_type(option) == CURLOT_OFF_T) {
        if (value != 0) {
            lines_.push_back(
                {Line::Kind::code, call(name, "(curl_off_t)" + std::to_string(value)), {}});
        }
        return;
    }
    const long number = static_cast<long>(value);
    const Names<long>* names = nullptr;
    switch (option) {
        case CURLOPT_HTTPAUTH:
        case CURLOPT_PROXYAUTH:
            if (number != 0) {
                lines_.push_back(
                    {Line::Kind::code, bit_mask(name, static_cast<unsigned long>(number)), {}});
            }
            return;
        case CURLOPT_HTTP_VERSION:
            names = &kHttpVersions;
            break;
        case CURLOPT_TIMECONDITION:
            names = &kTimeConditions;
            break;
        case CURLOPT_NETRC:
            names = &kNetrc;
            break;
        case CURLOPT_PROXYTYPE:
            names = &kProxyTypes;
            break;
        case CURLOPT_SSLVERSION:
            names = &kSslVersions;
            break;
        default:
            break;
    }
    if (names != nullptr) {
        if (number != 0) {
            const std::string_view* known = name_of(*names, number);
            lines_.push_back({Line::Kind::code,
                              call(name, known != nullptr ? "(long)" + std::string(*known)
                                                          : std::to_string(number) + "L"),
                              {}});
        }
        return;
    }
    long default_value = 0;
    for (const auto& [known, known_default] : kNonZeroDefaults) {
        if (known == name) {
            default_value = known_default;
        }
    }
    if (number != default_value) {
        lines_.push_back({Line::Kind::code, call(name, std::to_string(number) + "L"), {}});
    }
}

void LibcurlSource::record(CURLoption option, const char* value) {
    if (value == nullptr) {
        return;
    }
    const std::string name = option_name(option);
    // A key's pass phrase unlocks a key that may sit beside the program (curl writes it):
    // the program says where it goes, not what it is.
    if (option == CURLOPT_KEYPASSWD || option == CURLOPT_PROXY_KEYPASSWD) {
        lines_.push_back({Line::Kind::code, call(name, "\"" + std::string(kRedacted) + "\""), {}});
        return;
    }
    if (option == CURLOPT_POSTFIELDS || option == CURLOPT_COPYPOSTFIELDS) {
        const std::size_t size =
            post_size_ >= 0 ? static_cast<std::size_t>(post_size_) : std::strlen(value);
        lines_.push_back(
            {Line::Kind::code, call(name, "\"" + c_escaped({value, size}) + "\""), {}});
    } else if (option_type(option) == CURLOT_STRING) {
        lines_.push_back({Line::Kind::code, call(name, "\"" + c_escaped(value) + "\""), {}});
    } else {
        record_pointer(option, true);
    }
}

void LibcurlSource::record(CURLoption option, const curl_slist* value) {
    if (value == nullptr) {
        return;
    }
    Line line{Line::Kind::slist, option_name(option), {}};
    for (; value != nullptr; value = value->next) {
        line.items.emplace_back(value->data);
    }
    lines_.push_back(std::move(line));
}

void LibcurlSource::record_pointer(CURLoption option, bool set) {
    if (set) {
        const bool function = option_type(option) == CURLOT_FUNCTION;
        lines_.push_back({Line::Kind::remark,
                          option_name(option) + " was set to " +
                              (function ? "a function pointer" : "an object pointer"),
                          {}});
    }
}

std::string LibcurlSource::program() const {
    std::vector<std::string> declarations;
    std::vector<std::string> data;
    std::vector<std::string> code{"hnd = curl_easy_init();"};
    std::vector<std::string> remarks;
    std::vector<std::string> cleanup;
    int slists = 0;
    for (const Line& line : lines_) {
        switch (line.kind) {
            case Line::Kind::code:
                for (std::size_t start = 0; start <= line.text.size();) {
                    const std::size_t end = std::min(line.text.find('\n', start), line.text.size());
                    code.push_back(line.text.substr(start, end - start));
                    start = end + 1;
                }
                break;
            case Line::Kind::slist: {
                const std::string slist = "slist" + std::to_string(++slists);
                declarations.push_back("struct curl_slist *" + slist + ";");
                data.push_back(slist + " = NULL;");
                for (const std::string& item : line.items) {
                    data.push_back(slist + " = curl_slist_append(" + slist + ", \"" +
                                   c_escaped(item) + "\");");
                }
                code.push_back(call(line.text, slist));
                cleanup.push_back("curl_slist_free_all(" + slist + ");");
                cleanup.push_back(slist + " = NULL;");
                break;
            }
            case Line::Kind::remark:
                remarks.push_back(line.text);
                break;
        }
    }
    if (!remarks.empty()) {
        code.insert(
            code.end(),
            {"", "/* Here is a list of options the curl code used that cannot get generated",
             "   as source easily. You may choose to either not use them or implement",
             "   them yourself.", ""});
        code.insert(code.end(), remarks.begin(), remarks.end());
        code.insert(code.end(), {"", "*/"});
    }
    code.insert(code.end(), {"", "ret = curl_easy_perform(hnd);", "", "curl_easy_cleanup(hnd);",
                             "hnd = NULL;"});

    std::string out =
        "/********* Sample code generated by the curl command line tool **********\n"
        " * All curl_easy_setopt() options are documented at:\n"
        " * https://curl.se/libcurl/c/curl_easy_setopt.html\n"
        " ************************************************************************/\n"
        "#include <curl/curl.h>\n"
        "\n"
        "int main(int argc, char *argv[])\n"
        "{\n"
        "  CURLcode ret;\n"
        "  CURL *hnd;\n";
    for (const std::string& line : declarations) {
        out += "  " + line + "\n";
    }
    if (!data.empty()) {
        out += "\n";
        for (const std::string& line : data) {
            out += "  " + line + "\n";
        }
    }
    out += "\n";
    for (const std::string& line : code) {
        out += line.empty() ? "\n" : "  " + line + "\n";
    }
    for (const std::string& line : cleanup) {
        out += "  " + line + "\n";
    }
    return out + "\n  return (int)ret;\n}\n/**** End of sample code ****/\n";
}

}  // namespace rfetch
