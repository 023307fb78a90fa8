// curl's uploads and forms (-T, -F, --form-string) and time conditions (-z): the body is read
// once, so every attempt sends the same bytes, and methods keep their retry rules.

#include <catch2/catch.hpp>
#include <filesystem>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

TEST_CASE("upload (-T FILE) PUTs the file's bytes on every attempt, with no Content-Type",
          "[curl][upload]") {
    ScriptedServer server({{503, {}, "busy"}, {201, {}, "stored"}});
    TempDir dir;
    write_file(dir.file("report.csv"), "a,b\n1,2\n");

    const ProcessResult run =
        run_rfetch(with_fast_retries({"-T", dir.file("report.csv"), server.url("/files/")}));

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "stored");
    const std::vector<SeenRequest> requests = server.requests();
    REQUIRE(requests.size() == 2);
    for (const SeenRequest& request : requests) {
        CHECK(request.method == "PUT");
        // As curl: a URL that ends in '/' gets the file's name.
        CHECK(request.target == "/files/report.csv");
        CHECK(request.body == "a,b\n1,2\n");
        CHECK(request.header_values("Content-Type").empty());
    }
}

TEST_CASE("upload from stdin (-T -) is buffered, so a retry sends it again", "[curl][upload]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "ok"}});

    const ProcessResult run =
        run_rfetch(with_fast_retries({"-T", "-", server.url("/in")}), feeding("from stdin"));

    REQUIRE(run.exit_code == 0);
    const std::vector<SeenRequest> requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].body == "from stdin");
    CHECK(requests[1].body == "from stdin");
}

TEST_CASE("an upload sent with POST (-T -X POST) is retried only as a POST is", "[curl][upload]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "ok"}});
    TempDir dir;
    write_file(dir.file("f"), "x");

    const ProcessResult run =
        run_rfetch(with_fast_retries({"-T", dir.file("f"), "-X", "POST", server.url("/p")}));

    CHECK(run.exit_code == 22);
    CHECK(server.request_count() == 1);
}

TEST_CASE("a form (-F) is a POST, not retried after a 503 without a key", "[curl][form]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "ok"}});

    const ProcessResult run = run_rfetch(with_fast_retries({"-F", "a=1", server.url("/up")}));

    CHECK(run.exit_code == 22);
    REQUIRE(server.request_count() == 1);
    CHECK(server.requests().at(0).method == "POST");
}

TEST_CASE("a form (-F) with an idempotency key is retried with the same bytes", "[curl][form]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "ok"}});

    const ProcessResult run =
        run_rfetch(with_fast_retries({"-F", "a=1", "--idempotency-key", "k-1", server.url("/up")}));

    REQUIRE(run.exit_code == 0);
    const std::vector<SeenRequest> requests = server.requests();
    REQUIRE(requests.size() == 2);
    // The same boundary and the same length: the same bytes (the server parses the parts).
    CHECK(requests[0].header_values("Content-Type") == requests[1].header_values("Content-Type"));
    CHECK(requests[0].header_values("Content-Length") ==
          requests[1].header_values("Content-Length"));
    CHECK(requests[0].header_values("Content-Length") != std::vector<std::string>{});
}

TEST_CASE("a form part whose file is missing exits 26, as curl does, and sends nothing",
          "[curl][form][usage]") {
    ScriptedServer server({{200, {}, "never"}});

    for (const std::string part :
         {"f=@/nonexistent/file", "f=</nonexistent/file", "f=v;headers=@/nonexistent/file"}) {
        INFO(part);
        const ProcessResult run = run_rfetch({"-F", part, server.url()});
        CHECK(run.exit_code == 26);
        CHECK(run.err.find("--form: cannot read '/nonexistent/file'") != std::string::npos);
    }
    CHECK(server.request_count() == 0);
}

TEST_CASE("a form part that is not well formed is a usage error and sends nothing",
          "[curl][form][usage]") {
    ScriptedServer server({{200, {}, "never"}});

    const ProcessResult run = run_rfetch({"-F", "secret=hunter2;type=nonsense", server.url()});

    CHECK(run.exit_code == 2);
    CHECK(run.err.find("--form: 'secret=...' has a ;type= that is not TYPE/SUBTYPE") !=
          std::string::npos);
    CHECK(run.err.find("hunter2") == std::string::npos);
    CHECK(server.request_count() == 0);
}

TEST_CASE("time condition (-z) sends If-Modified-Since, and -z -DATE If-Unmodified-Since",
          "[curl][request]") {
    ScriptedServer server({{304, {}, ""}});

    const ProcessResult since = run_rfetch({"-z", "Sun, 06 Nov 1994 08:49:37 GMT", server.url()});
    const ProcessResult until = run_rfetch({"-z", "-Sunday, 06-Nov-94 08:49:37 GMT", server.url()});

    CHECK(since.exit_code == 0);
    CHECK(since.out.empty());
    CHECK(until.exit_code == 0);
    const std::vector<SeenRequest> requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].header_values("If-Modified-Since") ==
          std::vector<std::string>{"Sun, 06 Nov 1994 08:49:37 GMT"});
    CHECK(requests[1].header_values("If-Unmodified-Since") ==
          std::vector<std::string>{"Sun, 06 Nov 1994 08:49:37 GMT"});
}

TEST_CASE("time condition from a file (-z FILE) uses the file's time", "[curl][request]") {
    ScriptedServer server({{200, {}, "new"}});
    TempDir dir;
    write_file(dir.file("old"), "x");
    std::filesystem::last_write_time(
        dir.file("old"),
        std::filesystem::file_time_type::clock::from_sys(std::chrono::sys_seconds{
            std::chrono::sys_days{std::chrono::year{2001} / 2 / 3} + std::chrono::hours{4}}));

    const ProcessResult run = run_rfetch({"-z", dir.file("old"), server.url()});

    REQUIRE(run.exit_code == 0);
    CHECK(server.requests().at(0).header_values("If-Modified-Since") ==
          std::vector<std::string>{"Sat, 03 Feb 2001 04:00:00 GMT"});
}

TEST_CASE("a time condition that is neither date nor file is a usage error", "[curl][usage]") {
    const ProcessResult run = run_rfetch({"-z", "not a date", "http://127.0.0.1:9/"});

    CHECK(run.exit_code == 2);
    CHECK(run.err.find("--time-cond") != std::string::npos);
}

TEST_CASE("get (-G) with head (-I) sends the pieces as the query of a HEAD", "[curl][request]") {
    ScriptedServer server({{200, {}, ""}});

    const ProcessResult run = run_rfetch({"-G", "-I", "-d", "q=1", server.url("/h")});

    REQUIRE(run.exit_code == 0);
    const SeenRequest request = server.requests().at(0);
    CHECK(request.method == "HEAD");
    CHECK(request.target == "/h?q=1");
}
