#include "core/report/run_report.h"

#include <array>
#include <nlohmann/json.hpp>

#include "core/base/ascii.h"
#include "core/base/json_depth.h"
#include "core/log/redact.h"

namespace rfetch {
namespace {

using Json = nlohmann::ordered_json;

bool is_json_media_type(std::string_view content_type) {
    const std::string_view type = trim_whitespace(content_type.substr(0, content_type.find(';')));
    const auto slash = type.find('/');
    if (slash == std::string_view::npos) {
        return false;
    }
    const std::string_view subtype = type.substr(slash + 1);
    return equals_ignoring_case(subtype, "json") ||
           (subtype.size() > 5 &&
            equals_ignoring_case(subtype.substr(subtype.size() - 5), "+json"));
}

bool is_utf8(const std::string& text) {
    // nlohmann's serializer checks every sequence; it is the validator at hand.
    try {
        (void)Json(text).dump();
        return true;
    } catch (const Json::type_error&) {
        return false;
    }
}

std::string base64(std::string_view bytes) {
    static constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t group = 0;
        for (std::size_t j = 0; j < 3; ++j) {
            group = (group << 8) | (j < n ? static_cast<unsigned char>(bytes[i + j]) : 0U);
        }
        for (std::size_t j = 0; j < 4; ++j) {
            out.push_back(j <= n ? kAlphabet[(group >> (18 - 6 * j)) & 0x3F] : '=');
        }
    }
    return out;
}

// Lower-case names, as HTTP/2 sends them and jq users type them; a repeated header's values
// are joined with ", " as RFC 9110 §5.3 allows.
Json headers_object(const Response& response) {
    Json headers = Json::object();
    for (const Header& header : response.headers) {
        std::string name = to_lower(header.name);
        const std::string value =
            is_secret_header(header.name) ? std::string(kRedacted) : header.value;
        if (headers.contains(name)) {
            headers[name] = headers[name].get<std::string>() + ", " + value;
        } else {
            headers[name] = value;
        }
    }
    return headers;
}

void add_body(const Response& response, Json& document) {
    if (response.body.size() != response.body_size) {
        document["body"] = nullptr;
        document["body_encoding"] = "omitted";
        return;
    }
    const auto content_type = response.header("Content-Type");
    if (content_type && is_json_media_type(*content_type)) {
        if (nests_deeper_than(response.body, kMaxJsonDepth)) {
            // Parsed, it would overflow the stack when the document is written out.
            document["body_fallback"] = "too_deep";
        } else if (Json parsed = Json::parse(response.body, nullptr, false);
                   !parsed.is_discarded()) {
            document["body"] = std::move(parsed);
            document["body_encoding"] = "json";
            return;
        }
    }
    if (is_utf8(response.body)) {
        document["body"] = response.body;
        document["body_encoding"] = "text";
    } else {
        document["body"] = base64(response.body);
        document["body_encoding"] = "base64";
    }
}

double millis(std::chrono::microseconds span) {
    return static_cast<double>(span.count()) / 1000.0;
}

}  // namespace

std::string result_document(const RunReport& report) {
    const RunResult& run = report.run;
    const Response* response = run.final_response ? &*run.final_response : nullptr;
    Json document{{"url", redact_url(report.url)},
                  {"method", report.method},
                  // An HTTP/0.9 reply has neither a status line nor a version to show.
                  {"status", response != nullptr && response->status > 0 ? Json(response->status)
                                                                         : Json(nullptr)},
                  {"http_version", response != nullptr && !response->http_version.empty()
                                       ? Json(response->http_version)
                                       : Json(nullptr)},
                  {"headers", response != nullptr ? headers_object(*response) : Json::object()},
                  {"body", nullptr},
                  {"body_encoding", "none"},
                  {"attempts", run.attempts},
                  {"outcome", to_string(run.outcome)},
                  {"reason", redact_text(run.reason)},
                  {"exit_code", report.exit_code},
                  {"elapsed_ms", run.elapsed.count()},
                  {"size", response != nullptr ? Json(response->body_size) : Json(0)},
                  {"timings", nullptr}};
    if (response != nullptr) {
        add_body(*response, document);
        const Timings& t = response->timings;
        document["timings"] = {{"dns_ms", millis(t.dns)},
                               {"connect_ms", millis(t.connect)},
                               {"tls_ms", millis(t.tls)},
                               {"first_byte_ms", millis(t.first_byte)},
                               {"total_ms", millis(t.total)}};
    }
    return document.dump(-1, ' ', false, Json::error_handler_t::replace) + '\n';
}

}  // namespace rfetch
