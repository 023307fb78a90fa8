#include "core/report/write_out_variables.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/base/ascii.h"
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

// curl's time_total is the transfer's, in microseconds, and so never below its other times.
// rfetch's is the whole run, waits and earlier attempts included, on the core's millisecond
// clock: never less than the final attempt's own total, which a lone attempt's is.
std::chrono::microseconds total_time(const RunReport& report) {
    const std::chrono::microseconds attempt = timing(report, &Timings::total);
    if (report.run.attempts <= 1 && final_response(report) != nullptr) {
        return attempt;
    }
    return std::max(attempt,
                    std::chrono::duration_cast<std::chrono::microseconds>(report.run.elapsed));
}

Json connection_fact(const RunReport& report, long Connection::*fact) {
    const Response* response = final_response(report);
    return Json(response != nullptr ? response->connection.*fact : 0);
}

Json sent_fact(const RunReport& report, std::uint64_t Sent::*fact) {
    const Response* response = final_response(report);
    return Json(response != nullptr ? response->sent.*fact : 0);
}

// As curl's %{certs}: each certificate's lines in turn, "Cert:" dropped from the PEM's, each
// line ending in a newline. URLs in them are redacted, as everywhere rfetch writes.
std::string certificate_text(const RunReport& report) {
    std::string text;
    const Response* response = final_response(report);
    if (response == nullptr) {
        return text;
    }
    for (const Certificate& certificate : response->connection.certificates) {
        for (const std::string& line : certificate) {
            constexpr std::string_view kPem = "Cert:";
            const bool pem =
                line.size() >= kPem.size() &&
                equals_ignoring_case(std::string_view(line).substr(0, kPem.size()), kPem);
            text += redact_text(pem ? std::string_view(line).substr(kPem.size()) : line);
            if (!text.empty() && text.back() != '\n') {
                text += '\n';
            }
        }
    }
    return text;
}

}  // namespace

const std::vector<WriteOutVariable>& write_out_variable_table() {
    // rfetch's first (in the order they came), then curl's that came later, by name.
    static const std::vector<WriteOutVariable> kVariables{
        {"http_code", status_of},
        {"response_code", status_of},
        {"num_attempts", [](const RunReport& r) { return Json(r.run.attempts); }},
        {"num_retries", [](const RunReport& r) { return Json(std::max(0, r.run.attempts - 1)); }},
        {"time_total", [](const RunReport& r) { return seconds(total_time(r)); }},
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
        // In capitals, as libcurl 7.88 names its protocol (CURLINFO_SCHEME) and curl writes it.
        {"scheme",
         [](const RunReport& r) {
             const auto end = r.url.find("://");
             std::string scheme = end == std::string::npos ? "http" : r.url.substr(0, end);
             std::ranges::transform(scheme, scheme.begin(), [](char c) {
                 return static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
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
        {"certs", [](const RunReport& r) { return Json(certificate_text(r)); }},
        {"filename_effective",
         [](const RunReport& r) { return r.filename ? Json(*r.filename) : Json(nullptr); }},
        // FTP's alone: never one over HTTP, as curl's.
        {"ftp_entry_path", [](const RunReport&) { return Json(nullptr); }},
        {"http_connect",
         [](const RunReport& r) { return connection_fact(r, &Connection::connect_status); }},
        {"local_ip",
         [](const RunReport& r) {
             const Response* response = final_response(r);
             return Json(response != nullptr ? response->connection.local_ip : "");
         }},
        {"local_port",
         [](const RunReport& r) { return connection_fact(r, &Connection::local_port); }},
        {"num_certs",
         [](const RunReport& r) {
             const Response* response = final_response(r);
             return Json(response != nullptr ? response->connection.certificates.size() : 0);
         }},
        {"num_redirects",
         [](const RunReport& r) {
             const Response* response = final_response(r);
             return Json(response != nullptr ? response->redirects : 0);
         }},
        {"proxy_ssl_verify_result",
         [](const RunReport& r) {
             return connection_fact(r, &Connection::proxy_tls_verify_result);
         }},
        // The Referer the final request sent, redacted as a URL is.
        {"referer",
         [](const RunReport& r) {
             const Response* response = final_response(r);
             return response != nullptr && response->sent.referer
                        ? Json(redact_url(*response->sent.referer))
                        : Json(nullptr);
         }},
        {"remote_ip",
         [](const RunReport& r) {
             const Response* response = final_response(r);
             return Json(response != nullptr ? response->connection.remote_ip : "");
         }},
        {"remote_port",
         [](const RunReport& r) { return connection_fact(r, &Connection::remote_port); }},
        {"size_request", [](const RunReport& r) { return sent_fact(r, &Sent::request_bytes); }},
        {"size_upload", [](const RunReport& r) { return sent_fact(r, &Sent::body_bytes); }},
        {"speed_upload", [](const RunReport& r) { return sent_fact(r, &Sent::body_speed); }},
        {"ssl_verify_result",
         [](const RunReport& r) { return connection_fact(r, &Connection::tls_verify_result); }},
        {"time_pretransfer",
         [](const RunReport& r) { return seconds(timing(r, &Timings::pretransfer)); }},
        {"time_redirect",
         [](const RunReport& r) { return seconds(timing(r, &Timings::redirects)); }},
        {"urlnum", [](const RunReport& r) { return Json(r.url_number); }},
    };
    return kVariables;
}

const WriteOutVariable* find_write_out_variable(std::string_view name) {
    const auto found = std::ranges::find(write_out_variable_table(), name, &WriteOutVariable::name);
    return found == write_out_variable_table().end() ? nullptr : &*found;
}

std::string write_out_text(std::string_view name, const Json& value) {
    if (value.is_null()) {
        return "";
    }
    if (name == "http_code" || name == "response_code" || name == "http_connect") {
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

}  // namespace rfetch
