// What rfetch reports besides the body: --result, -w, -i, -I and -D; and where -O puts a file.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "log_events.h"
#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;
using Json = nlohmann::json;

namespace {

const std::string kReady = R"({"status":"ready"})";

std::vector<ScriptedReply> busy_twice_then_ready() {
    return {{503, {}, "busy one"},
            {503, {}, "busy two"},
            {200, {{"Content-Type", "application/json"}, {"X-Build", "42"}}, kReady}};
}

std::size_t count(const std::string& text, const std::string& part) {
    std::size_t found = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
        ++found;
    }
    return found;
}

}  // namespace

TEST_CASE("the result document (--result) is one JSON document a parser reads whole", "[reports]") {
    ScriptedServer server(busy_twice_then_ready());

    const ProcessResult run = run_rfetch(with_fast_retries({"--result", server.url("/api")}));

    CHECK(run.exit_code == 0);
    const Json doc = Json::parse(run.out);  // throws, failing the test, on anything but JSON
    CHECK(doc["status"] == 200);
    CHECK(doc["attempts"] == 3);
    CHECK(doc["outcome"] == "success");
    CHECK(doc["body"] == Json::parse(kReady));
    CHECK(doc["body_encoding"] == "json");
    CHECK(doc["headers"]["x-build"] == "42");
    CHECK(doc["size"] == kReady.size());
    CHECK(doc["url"] == server.url("/api"));
    CHECK(doc["timings"]["total_ms"].get<double>() > 0);
    CHECK(count(run.out, "\n") == 1);
}

TEST_CASE("the result document (--result) is written for a failed run too", "[reports]") {
    ScriptedServer server({{404, {{"Content-Type", "text/plain"}}, "no such thing"}});

    const ProcessResult run = run_rfetch({"--result", server.url()});

    CHECK(run.exit_code == 22);
    const Json doc = Json::parse(run.out);
    CHECK(doc["status"] == 404);
    CHECK(doc["outcome"] == "http_error");
    CHECK(doc["exit_code"] == 22);
    CHECK(doc["body"] == "no such thing");
    CHECK(doc["body_encoding"] == "text");
}

TEST_CASE("write-out (-w) fills in every variable after the run", "[reports]") {
    ScriptedServer server(busy_twice_then_ready());
    const std::string format =
        "%{http_code}|%{response_code}|%{num_attempts}|%{num_retries}|%{size_download}|"
        "%{url_effective}|%{content_type}|%{exitcode}|%{header{x-build}}|%header{X-Build}|"
        "%{method}|%{outcome}|[%{errormsg}]\\n%{time_total}\\t%{json}";

    const ProcessResult run =
        run_rfetch(with_fast_retries({"-s", "-o", "/dev/null", "-w", format, server.url("/w")}));

    CHECK(run.exit_code == 0);
    const auto newline = run.out.find('\n');
    REQUIRE(newline != std::string::npos);
    CHECK(run.out.substr(0, newline) == "200|200|3|2|" + std::to_string(kReady.size()) + "|" +
                                            server.url("/w") +
                                            "|application/json|0|42|42|GET|success|[]");
    const std::string rest = run.out.substr(newline + 1);
    const auto tab = rest.find('\t');
    REQUIRE(tab != std::string::npos);
    CHECK(std::stod(rest.substr(0, tab)) > 0.0);
    const Json all = Json::parse(rest.substr(tab + 1));
    CHECK(all["http_code"] == 200);
    CHECK(all["num_retries"] == 2);
    CHECK(all["exitcode"] == 0);
    CHECK(all.contains("time_starttransfer"));
}

TEST_CASE("write-out (-w) gives the code of a failed run, which writes no body", "[reports]") {
    ScriptedServer server({{404, {}, "not here"}});

    const ProcessResult run =
        run_rfetch({"-s", "-o", "/dev/null", "-w", "%{http_code} %{exitcode}", server.url()});

    CHECK(run.exit_code == 22);
    CHECK(run.out == "404 22");
}

TEST_CASE("the head (-i) shows only the final response's, once, before its body", "[reports]") {
    ScriptedServer server(busy_twice_then_ready());

    const ProcessResult run = run_rfetch(with_fast_retries({"-i", server.url()}));

    CHECK(run.exit_code == 0);
    CHECK(run.out.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(count(run.out, "HTTP/1.1") == 1);
    CHECK(run.out.find("X-Build: 42\r\n") != std::string::npos);
    CHECK(run.out.size() > kReady.size());
    CHECK(run.out.substr(run.out.size() - kReady.size() - 4) == "\r\n\r\n" + kReady);
}

TEST_CASE("the head (-D FILE) goes to its file, and stdout gets only the body", "[reports]") {
    TempDir dir;
    ScriptedServer server(busy_twice_then_ready());

    const ProcessResult run =
        run_rfetch(with_fast_retries({"-D", dir.file("head.txt"), server.url()}));

    CHECK(run.exit_code == 0);
    CHECK(run.out == kReady);
    const std::string head = read_file(dir.file("head.txt"));
    CHECK(head.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(count(head, "HTTP/1.1") == 1);
    CHECK(head.substr(head.size() - 4) == "\r\n\r\n");
    CHECK(dir.entries() == std::vector<std::string>{"head.txt"});
}

TEST_CASE("a HEAD request (-I) sends HEAD and writes the head", "[reports]") {
    ScriptedServer server({{200, {{"X-Build", "42"}}, ""}});

    const ProcessResult run = run_rfetch({"-I", server.url()});

    CHECK(run.exit_code == 0);
    CHECK(run.out.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(run.out.find("X-Build: 42") != std::string::npos);
    REQUIRE(server.request_count() == 1);
    CHECK(server.requests()[0].method == "HEAD");
}

TEST_CASE("a remote name (-O) with --output-dir and --create-dirs saves under the new directory",
          "[reports]") {
    TempDir dir;
    ScriptedServer server(busy_twice_then_ready());
    const std::string out_dir = dir.file("a/b");

    const ProcessResult run = run_rfetch(with_fast_retries(
        {"-O", "--output-dir", out_dir, "--create-dirs", server.url("/files/report.json?v=2")}));

    CHECK(run.exit_code == 0);
    CHECK(run.out.empty());
    CHECK(read_file(out_dir + "/report.json") == kReady);
    CHECK(dir.entries() == std::vector<std::string>{"a"});
}

TEST_CASE("an error body longer than the buffer is never written without --no-fail", "[reports]") {
    ScriptedServer server({{404, {}, std::string(64, 'x')}});

    const ProcessResult run = run_rfetch({"--buffer", "16", server.url()});

    CHECK(run.exit_code == 22);
    CHECK(run.out.empty());
    CHECK(parse_attempt_log(run.err).result()["output"] == "none");
}

TEST_CASE("bad output flags exit 2 with one line and send nothing", "[reports][usage]") {
    ScriptedServer server({{200, {}, "never"}});
    const auto [args, message] = GENERATE_COPY(table<std::vector<std::string>, std::string>({
        {{"-w", "%{http_cod}"}, "--write-out: '%{http_cod}' has the unknown variable"},
        {{"--result", "-o", "x"}, "--result writes to stdout and cannot be used with --output"},
        {{"--result", "-i"}, "--result already has the headers"},
        {{"-I", "-d", "x"}, "--head sends HEAD and cannot be used with a body"},
        {{"--buffer", "2G"}, "--buffer: '2G' is not a size from 0 to 1G"},
    }));
    std::vector<std::string> full = args;
    full.push_back(server.url("/file"));

    const ProcessResult run = run_rfetch(full);

    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK_THAT(run.err, Catch::StartsWith("rfetch: " + message));
    CHECK(count(run.err, "\n") == 1);
    CHECK(server.request_count() == 0);
}

TEST_CASE("a remote name (-O) needs a file name in the URL", "[reports][usage]") {
    ScriptedServer server({{200, {}, "never"}});

    const ProcessResult run = run_rfetch({"-O", server.url("/")});

    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::Contains("has no file name at the end of its path"));
    CHECK(server.request_count() == 0);
}

TEST_CASE("a chunked body's trailers never join the head (-i, -D)", "[reports]") {
    TempDir dir;
    RawServer server({{RawMove::reply,
                       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
                       "5\r\nhello\r\n0\r\nX-Sum: abc\r\n\r\n"}});

    const ProcessResult run = run_rfetch({"-i", "-D", dir.file("head.txt"), server.url()});

    CHECK(run.exit_code == 0);
    CHECK(run.out ==
          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\nhello");
    CHECK(read_file(dir.file("head.txt")).find("X-Sum: abc") == std::string::npos);
}
