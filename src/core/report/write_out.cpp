#include "core/report/write_out.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <functional>
#include <iterator>
#include <nlohmann/json.hpp>

#include "core/log/redact.h"

namespace rfetch {
namespace {

using Json = nlohmann::ordered_json;

double seconds(std::chrono::microseconds span) {
    return static_cast<double>(span.count()) / 1e6;
}

const Response* final_response(const RunReport& report) {
    return report.run.final_response ? &*report.run.final_response : nullptr;
}

int status_of(const RunReport& report) {
    const Response* response = final_response(report);
    return response != nullptr ? response->status : 0;
}

std::chrono::microseconds timing(const RunReport& report,
                                 std::chrono::microseconds Timings::*phase) {
    const Response* response = final_response(report);
    return response != nullptr ? response->timings.*phase : std::chrono::microseconds{0};
}

// The body the reader got: what was written, or else what arrived.
std::uint64_t body_size(const RunReport& report) {
    if (report.run.output != OutputState::none) {
        return report.run.bytes_written;
    }
    const Response* response = final_response(report);
    return response != nullptr ? response->body_size : 0;
}

struct Variable {
    std::string_view name;
    std::function<Json(const RunReport&)> value;
};

const std::vector<Variable>& variables() {
    static const std::vector<Variable> kVariables{
        {"http_code", status_of},
        {"response_code", status_of},
        {"num_attempts", [](const RunReport& r) { return Json(r.run.attempts); }},
        {"num_retries", [](const RunReport& r) { return Json(std::max(0, r.run.attempts - 1)); }},
        {"time_total",
         [](const RunReport& r) {
             return Json(
                 seconds(std::chrono::duration_cast<std::chrono::microseconds>(r.run.elapsed)));
         }},
        {"time_namelookup", [](const RunReport& r) { return seconds(timing(r, &Timings::dns)); }},
        {"time_connect", [](const RunReport& r) { return seconds(timing(r, &Timings::connect)); }},
        {"time_appconnect", [](const RunReport& r) { return seconds(timing(r, &Timings::tls)); }},
        {"time_starttransfer",
         [](const RunReport& r) { return seconds(timing(r, &Timings::first_byte)); }},
        {"size_download", [](const RunReport& r) { return Json(body_size(r)); }},
        {"url", [](const RunReport& r) { return Json(redact_url(r.url)); }},
        {"url_effective",
         [](const RunReport& r) {
             const Response* response = final_response(r);
             return Json(redact_url(response != nullptr && !response->effective_url.empty()
                                        ? response->effective_url
                                        : r.url));
         }},
        {"content_type",
         [](const RunReport& r) {
             const Response* response = final_response(r);
             const auto type =
                 response != nullptr ? response->header("Content-Type") : std::nullopt;
             return Json(type ? std::string(*type) : std::string());
         }},
        // The last request's, after redirects, as curl's %{method}.
        {"method",
         [](const RunReport& r) {
             const auto& response = r.run.final_response;
             return Json(response && !response->method.empty() ? response->method : r.method);
         }},
        {"exitcode", [](const RunReport& r) { return Json(r.exit_code); }},
        {"http_version",
         [](const RunReport& r) {
             // curl's 0 stands for any version it has no number for, HTTP/0.9 too.
             const Response* response = final_response(r);
             return Json(response != nullptr && !response->http_version.empty() &&
                                 response->http_version != "0.9"
                             ? response->http_version
                             : "0");
         }},
        {"scheme",
         [](const RunReport& r) {
             const auto end = r.url.find("://");
             std::string scheme = end == std::string::npos ? "http" : r.url.substr(0, end);
             std::ranges::transform(scheme, scheme.begin(), [](char c) {
                 return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
             });
             return Json(scheme);
         }},
        {"size_header",
         [](const RunReport& r) {
             const Response* response = final_response(r);
             return Json(response != nullptr ? response->raw_head.size() : 0);
         }},
        {"num_headers",
         [](const RunReport& r) {
             const Response* response = final_response(r);
             return Json(response != nullptr ? response->headers.size() : 0);
         }},
        {"speed_download",
         [](const RunReport& r) {
             const double total = seconds(timing(r, &Timings::total));
             // As curl: bytes a second, a whole number.
             return Json(total > 0
                             ? static_cast<std::uint64_t>(static_cast<double>(body_size(r)) / total)
                             : std::uint64_t{0});
         }},
        {"header_json",
         [](const RunReport& r) {
             // As curl: each header name in lower case, with every value it had, in order.
             Json headers = Json::object();
             if (const Response* response = final_response(r); response != nullptr) {
                 for (const Header& header : response->headers) {
                     std::string name = header.name;
                     std::ranges::transform(name, name.begin(), [](char c) {
                         return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
                     });
                     const bool secret = is_secret_header(header.name);
                     headers[name].push_back(secret ? std::string(kRedacted) : header.value);
                 }
             }
             return headers;
         }},
        {"num_connects",
         [](const RunReport& r) {
             const Response* response = final_response(r);
             return Json(response != nullptr ? response->new_connections : 0);
         }},
        {"redirect_url",
         [](const RunReport& r) {
             const Response* response = final_response(r);
             return Json(redact_url(response != nullptr ? response->redirect_url : ""));
         }},
        {"outcome", [](const RunReport& r) { return Json(to_string(r.run.outcome)); }},
        {"errormsg",
         [](const RunReport& r) {
             return Json(r.run.outcome == Outcome::success ? std::string()
                                                           : redact_text(r.run.reason));
         }},
    };
    return kVariables;
}

const Variable* find_variable(std::string_view name) {
    const auto found = std::ranges::find(variables(), name, &Variable::name);
    return found == variables().end() ? nullptr : &*found;
}

std::string as_text(std::string_view name, const Json& value) {
    if (name == "http_code" || name == "response_code") {
        char code[8];
        std::snprintf(code, sizeof code, "%03d", value.get<int>());
        return code;
    }
    if (value.is_number_float()) {
        char number[32];
        std::snprintf(number, sizeof number, "%.6f", value.get<double>());
        return number;
    }
    return value.is_string() ? value.get<std::string>() : value.dump();
}

Json all_variables(const RunReport& report) {
    Json object = Json::object();
    for (const Variable& variable : variables()) {
        // As curl's %{json}: the headers have their own variable, and stay out of it.
        if (variable.name != "header_json") {
            object[std::string(variable.name)] = variable.value(report);
        }
    }
    return object;
}

char escaped(char c) {
    switch (c) {
        case 'n':
            return '\n';
        case 't':
            return '\t';
        case 'r':
            return '\r';
        default:
            return c;
    }
}

}  // namespace

std::vector<std::string_view> write_out_variables() {
    std::vector<std::string_view> names;
    std::ranges::transform(variables(), std::back_inserter(names), &Variable::name);
    names.emplace_back("header{NAME}");
    names.emplace_back("json");
    names.emplace_back("onerror");
    names.emplace_back("stderr");
    names.emplace_back("stdout");
    return names;
}

std::variant<WriteOut, std::string> WriteOut::parse(std::string_view format) {
    // %{header{NAME}}, and curl's own spelling %header{NAME}.
    constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kHeaderForms{
        {{"%{header{", "}}"}, {"%header{", "}"}}};
    std::vector<Piece> pieces;
    std::string text;
    const auto add = [&](Piece::Kind kind, std::string_view value) {
        if (!text.empty()) {
            pieces.push_back({Piece::Kind::text, std::exchange(text, {})});
        }
        pieces.push_back({kind, std::string(value)});
    };
    for (std::size_t i = 0; i < format.size(); ++i) {
        const std::string_view rest = format.substr(i);
        const auto* const header_form = std::ranges::find_if(
            kHeaderForms, [rest](const auto& form) { return rest.starts_with(form.first); });
        if (rest.starts_with('\\') && rest.size() > 1) {
            text.push_back(escaped(rest[1]));
            ++i;
        } else if (rest.starts_with("%%")) {
            text.push_back('%');
            ++i;
        } else if (header_form != kHeaderForms.end() || rest.starts_with("%{")) {
            const auto [open, close] =
                header_form != kHeaderForms.end() ? *header_form : std::pair{"%{", "}"};
            const std::size_t end = rest.find(close, open.size());
            if (end == std::string_view::npos) {
                return "'" + std::string(rest) + "' has no closing '" + std::string(close) + "'";
            }
            const std::string_view name = rest.substr(open.size(), end - open.size());
            if (header_form != kHeaderForms.end()) {
                add(Piece::Kind::header, name);
            } else if (name == "onerror") {
                add(Piece::Kind::onerror, name);
            } else if (name == "stderr" || name == "stdout") {
                add(name == "stderr" ? Piece::Kind::to_stderr : Piece::Kind::to_stdout, name);
            } else if (name == "json" || find_variable(name) != nullptr) {
                add(Piece::Kind::variable, name);
            } else {
                return "has the unknown variable %{" + std::string(name) + "}";
            }
            i += end + close.size() - 1;
        } else {
            text.push_back(rest[0]);
        }
    }
    if (!text.empty()) {
        pieces.push_back({Piece::Kind::text, std::move(text)});
    }
    return WriteOut(std::move(pieces));
}

bool WriteOut::writes_stderr() const {
    return std::ranges::any_of(
        pieces_, [](const Piece& piece) { return piece.kind == Piece::Kind::to_stderr; });
}

std::string WriteOut::render(const RunReport& report, Stream stream) const {
    std::string out;
    Stream current = Stream::out;
    for (const Piece& piece : pieces_) {
        if (current != stream && piece.kind != Piece::Kind::to_stderr &&
            piece.kind != Piece::Kind::to_stdout && piece.kind != Piece::Kind::onerror) {
            continue;
        }
        switch (piece.kind) {
            case Piece::Kind::to_stderr:
                current = Stream::err;
                break;
            case Piece::Kind::to_stdout:
                current = Stream::out;
                break;
            case Piece::Kind::text:
                out += piece.value;
                break;
            case Piece::Kind::onerror:
                // As curl: what follows is written only when the run failed.
                if (report.exit_code == 0) {
                    return out;
                }
                break;
            case Piece::Kind::header:
                if (const Response* response = final_response(report); response != nullptr) {
                    out += std::string(response->header(piece.value).value_or(""));
                }
                break;
            case Piece::Kind::variable:
                out +=
                    piece.value == "json"
                        ? all_variables(report).dump(-1, ' ', false, Json::error_handler_t::replace)
                        : as_text(piece.value, find_variable(piece.value)->value(report));
                break;
        }
    }
    return out;
}

}  // namespace rfetch
