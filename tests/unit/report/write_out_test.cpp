#include "core/report/write_out.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace rfetch;

namespace {

RunResult finished_run() {
    RunResult run;
    run.outcome = Outcome::success;
    run.reason = "status 200";
    run.attempts = 3;
    run.elapsed = Duration{1250};
    run.output = OutputState::complete;
    run.bytes_written = 42;
    Response& response = run.final_response.emplace();
    response.status = 200;
    response.headers = {{"Content-Type", "application/json"}, {"X-Trace", "abc"}};
    response.effective_url = "http://u:secret@example.test/final";
    response.body_size = 42;
    response.timings.dns = std::chrono::microseconds(1500);
    response.timings.connect = std::chrono::microseconds(2000);
    response.timings.tls = std::chrono::microseconds(0);
    response.timings.first_byte = std::chrono::microseconds(3000);
    return run;
}

std::string render(std::string_view format, const RunResult& run, int exit_code = 0) {
    const auto parsed = WriteOut::parse(format);
    REQUIRE(std::holds_alternative<WriteOut>(parsed));
    return std::get<WriteOut>(parsed).render(
        {run, "GET", "http://example.test/start?token=abc", exit_code});
}

std::string parse_error(std::string_view format) {
    const auto parsed = WriteOut::parse(format);
    REQUIRE(std::holds_alternative<std::string>(parsed));
    return std::get<std::string>(parsed);
}

}  // namespace

TEST_CASE("write-out renders every variable curl scripts use", "[write_out]") {
    const RunResult run = finished_run();
    CHECK(render("%{http_code}", run) == "200");
    CHECK(render("%{response_code}", run) == "200");
    CHECK(render("%{num_attempts} %{num_retries}", run) == "3 2");
    CHECK(render("%{time_total}", run) == "1.250000");
    CHECK(render("%{time_namelookup} %{time_connect}", run) == "0.001500 0.002000");
    CHECK(render("%{time_appconnect} %{time_starttransfer}", run) == "0.000000 0.003000");
    CHECK(render("%{size_download}", run) == "42");
    CHECK(render("%{url_effective}", run) == "http://u:REDACTED@example.test/final");
    CHECK(render("%{url}", run) == "http://example.test/start?token=REDACTED");
    CHECK(render("%{content_type}", run) == "application/json");
    CHECK(render("%{method} %{outcome}", run) == "GET success");
    CHECK(render("%{exitcode}", run, 0) == "0");
    CHECK(render("[%{errormsg}]", run) == "[]");
}

TEST_CASE("write-out reads headers in both spellings, case-insensitively", "[write_out]") {
    const RunResult run = finished_run();
    CHECK(render("%{header{x-trace}}|%header{X-TRACE}|%header{missing}|", run) == "abc|abc||");
}

TEST_CASE("write-out turns escapes into characters and %% into a percent sign", "[write_out]") {
    const RunResult run = finished_run();
    CHECK(render("a\\tb\\nc\\\\d 100%% %", run) == "a\tb\nc\\d 100% %");
}

TEST_CASE("write-out without a response gives 000 and zero sizes", "[write_out]") {
    RunResult run;
    run.outcome = Outcome::exhausted;
    run.reason = "connection refused or unreachable and no retries are left (0 allowed)";
    run.attempts = 1;
    CHECK(render("%{http_code} %{size_download} %{exitcode}", run, 7) == "000 0 7");
    CHECK(render("%{errormsg}", run) == run.reason);
}

TEST_CASE("write-out json holds every variable with numbers as numbers", "[write_out]") {
    const RunResult run = finished_run();
    const auto json = nlohmann::json::parse(render("%{json}", run));
    CHECK(json["http_code"] == 200);
    CHECK(json["num_attempts"] == 3);
    CHECK(json["num_retries"] == 2);
    CHECK(json["size_download"] == 42);
    CHECK(json["url_effective"] == "http://u:REDACTED@example.test/final");
    CHECK(json["exitcode"] == 0);
    CHECK(json.size() == write_out_variables().size() - 6);
}

TEST_CASE("write-out rejects unknown variables and unclosed braces before the run", "[write_out]") {
    CHECK(parse_error("%{http_cod}") == "has the unknown variable %{http_cod}");
    CHECK_THAT(parse_error("%{http_code"), Catch::Contains("no closing '}'"));
    CHECK_THAT(parse_error("%header{Content-Type"), Catch::Contains("no closing '}'"));
    CHECK_THAT(parse_error("%{header{Content-Type}"), Catch::Contains("no closing '}}'"));
}

TEST_CASE("write-out knows curl's http_version, scheme, header sizes, speed and header_json",
          "[write_out]") {
    RunResult run = finished_run();
    Response& response = *run.final_response;
    response.http_version = "1.1";
    response.raw_head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Trace: abc\r\n\r\n";
    response.headers.push_back({"Set-Cookie", "session=s3cret"});
    response.headers.push_back({"x-trace", "def"});
    response.timings.total = std::chrono::microseconds(2'000'000);

    CHECK(render("%{http_version} %{scheme}", run) == "1.1 HTTP");
    CHECK(render("%{size_header} %{num_headers}", run) == "65 4");
    CHECK(render("%{speed_download}", run) == "21");
    const auto headers = nlohmann::json::parse(render("%{header_json}", run));
    CHECK(headers["content-type"] == nlohmann::json::array({"application/json"}));
    CHECK(headers["x-trace"] == nlohmann::json::array({"abc", "def"}));
    CHECK(headers["set-cookie"] == nlohmann::json::array({"REDACTED"}));
}

TEST_CASE("write-out writes what follows %{onerror} only when the run failed", "[write_out]") {
    const RunResult run = finished_run();
    CHECK(render("%{http_code}%{onerror} failed: %{exitcode}", run, 0) == "200");
    CHECK(render("%{http_code}%{onerror} failed: %{exitcode}", run, 22) == "200 failed: 22");
}

TEST_CASE("write-out renders curl's connection, size and redirect variables", "[write_out]") {
    RunResult run = finished_run();
    Response& response = *run.final_response;
    response.connection.local_ip = "127.0.0.1";
    response.connection.local_port = 51234;
    response.connection.remote_ip = "::1";
    response.connection.remote_port = 8443;
    response.connection.connect_status = 200;
    response.connection.tls_verify_result = 18;
    response.connection.proxy_tls_verify_result = 19;
    response.redirects = 2;
    response.sent = {.request_bytes = 310, .body_bytes = 12, .body_speed = 4000, .referer = {}};
    response.timings.pretransfer = std::chrono::microseconds(2500);
    response.timings.redirects = std::chrono::microseconds(1'000'001);

    CHECK(render("%{local_ip}:%{local_port} %{remote_ip}:%{remote_port}", run) ==
          "127.0.0.1:51234 ::1:8443");
    CHECK(render("%{http_connect} %{ssl_verify_result} %{proxy_ssl_verify_result}", run) ==
          "200 18 19");
    CHECK(render("%{num_redirects} %{size_request} %{size_upload} %{speed_upload}", run) ==
          "2 310 12 4000");
    CHECK(render("%{time_pretransfer} %{time_redirect}", run) == "0.002500 1.000001");
}

TEST_CASE(
    "write-out gives curl's 000 for http_connect without a tunnel, and empty text for "
    "what is not there",
    "[write_out]") {
    const RunResult run = finished_run();
    CHECK(render("%{http_connect}", run) == "000");
    CHECK(render("[%{referer}][%{filename_effective}][%{ftp_entry_path}][%{certs}]", run) ==
          "[][][][]");
    const auto json = nlohmann::json::parse(render("%{json}", run));
    CHECK(json["referer"].is_null());
    CHECK(json["filename_effective"].is_null());
    CHECK(json["ftp_entry_path"].is_null());
    CHECK(json["num_certs"] == 0);
}

TEST_CASE("write-out's referer is redacted as a URL is", "[write_out]") {
    RunResult run = finished_run();
    run.final_response->sent.referer = "http://u:pw@example.test/from?api_key=k1";
    CHECK(render("%{referer}", run) == "http://u:REDACTED@example.test/from?api_key=REDACTED");
    CHECK(nlohmann::json::parse(render("%{json}", run))["referer"] ==
          "http://u:REDACTED@example.test/from?api_key=REDACTED");
}

TEST_CASE("write-out's filename_effective and urlnum come from the report", "[write_out]") {
    const RunResult run = finished_run();
    const auto parsed = WriteOut::parse("%{filename_effective} %{urlnum}");
    REQUIRE(std::holds_alternative<WriteOut>(parsed));
    const RunReport report{run, "GET", "http://example.test/", 0, "out/file.txt", 3};
    CHECK(std::get<WriteOut>(parsed).render(report) == "out/file.txt 3");
}

TEST_CASE("write-out's certs are curl's: each line of each certificate, PEM without 'Cert:'",
          "[write_out]") {
    RunResult run = finished_run();
    run.final_response->connection.certificates = {
        {"Subject:CN = leaf", "Issuer:CN = root",
         "X509v3 CRL Distribution Points:URI:http://ca.test/crl?token=t0p",
         "Cert:-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"},
        {"Subject:CN = root"}};
    CHECK(render("%{num_certs}", run) == "2");
    CHECK(render("%{certs}", run) ==
          "Subject:CN = leaf\nIssuer:CN = root\n"
          "X509v3 CRL Distribution Points:URI:http://ca.test/crl?token=REDACTED\n"
          "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
          "Subject:CN = root\n");
}

TEST_CASE("write-out's time_total is a lone attempt's own, in microseconds", "[write_out]") {
    RunResult run = finished_run();
    run.attempts = 1;
    run.elapsed = Duration{0};
    run.final_response->timings.first_byte = std::chrono::microseconds(290);
    run.final_response->timings.total = std::chrono::microseconds(390);
    CHECK(render("%{time_starttransfer} %{time_total}", run) == "0.000290 0.000390");
}

TEST_CASE(
    "write-out's time_total is the whole run with retries, never below the final "
    "attempt's total",
    "[write_out]") {
    RunResult run = finished_run();
    run.final_response->timings.first_byte = std::chrono::microseconds(3'001'091);
    run.final_response->timings.total = std::chrono::microseconds(3'001'200);
    run.elapsed = Duration{3001};
    CHECK(render("%{time_starttransfer} %{time_total}", run) == "3.001091 3.001200");
    run.elapsed = Duration{9500};
    CHECK(render("%{time_total}", run) == "9.500000");
}

TEST_CASE("write-out's time_total without a response is the run's elapsed time", "[write_out]") {
    RunResult run;
    run.outcome = Outcome::exhausted;
    run.attempts = 1;
    run.elapsed = Duration{42};
    CHECK(render("%{time_total}", run) == "0.042000");
}
