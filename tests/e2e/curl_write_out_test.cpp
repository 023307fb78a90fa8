// curl's -w variables %{num_connects} and %{redirect_url}, and %{stderr} / %{stdout}, which
// pick the stream the rest of the format goes to. Learnt from curl's
// docs/cmdline-opts/write-out.md.

#include <catch2/catch.hpp>
#include <sstream>

#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

namespace {

// The fields of a -w format written with '|' between them.
std::vector<std::string> fields(const std::string& text) {
    std::vector<std::string> parts;
    std::stringstream stream(text);
    for (std::string part; std::getline(stream, part, '|');) {
        parts.push_back(part);
    }
    return parts;
}

}  // namespace

TEST_CASE("write-out %{stderr} and %{stdout} send the text after them to that stream",
          "[curl][write-out]") {
    ScriptedServer server({{200, {}, "body"}});

    const ProcessResult run =
        run_rfetch({"-s", "-w", "[out1]%{stderr}[err %{http_code}]%{stdout}[out2]", server.url()});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "body[out1][out2]");
    CHECK(run.err == "[err 200]");
}

TEST_CASE("write-out %{num_connects} counts the connections the final exchange opened",
          "[curl][write-out]") {
    ScriptedServer server({{200, {}, "body"}});

    const ProcessResult run =
        run_rfetch({"-s", "-o", "/dev/null", "-w", "%{num_connects}", server.url()});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "1");
}

TEST_CASE("write-out %{redirect_url} names where an unfollowed redirect points",
          "[curl][write-out]") {
    ScriptedServer server({{302, {{"Location", "/elsewhere?x=1"}}, ""}});
    ScriptedServer followed({{302, {{"Location", "/there"}}, ""}, {200, {}, "here"}});

    const ProcessResult run = run_rfetch({"-s", "-w", "%{redirect_url}", server.url("/from")});
    const ProcessResult after =
        run_rfetch({"-s", "-L", "-w", "[%{redirect_url}]", followed.url("/from")});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == server.url("/elsewhere?x=1"));
    REQUIRE(after.exit_code == 0);
    CHECK(after.out == "here[]");
}

TEST_CASE(
    "write-out names both ends of the connection: %{remote_ip}, %{remote_port}, "
    "%{local_ip}, %{local_port}",
    "[curl][write-out]") {
    ScriptedServer server({{200, {}, "body"}});

    const ProcessResult run =
        run_rfetch({"-s", "-o", "/dev/null", "-w",
                    "%{remote_ip}|%{remote_port}|%{local_ip}|%{local_port}|%{http_connect}|"
                    "%{ssl_verify_result}|%{proxy_ssl_verify_result}|%{num_certs}|[%{certs}]",
                    server.url()});

    REQUIRE(run.exit_code == 0);
    const auto parts = fields(run.out);
    REQUIRE(parts.size() == 9);
    CHECK(parts[0] == "127.0.0.1");
    CHECK(parts[1] == std::to_string(server.port()));
    CHECK(parts[2] == "127.0.0.1");
    CHECK(std::stol(parts[3]) > 0);
    CHECK(std::stol(parts[3]) != server.port());
    CHECK(parts[4] == "000");
    CHECK(parts[5] == "0");
    CHECK(parts[6] == "0");
    CHECK(parts[7] == "0");
    CHECK(parts[8] == "[]");
}

TEST_CASE("write-out %{size_upload} and %{size_request} count what -d and -T sent",
          "[curl][write-out]") {
    TempDir dir;
    const std::string file = dir.file("upload.txt");
    write_file(file, "twelve bytes");
    ScriptedServer server({{200, {}, "ok"}, {200, {}, "ok"}});

    const ProcessResult posted =
        run_rfetch({"-s", "-o", "/dev/null", "-d", "hello=world", "-w",
                    "%{size_upload}|%{size_request}|%{speed_upload}", server.url("/post")});
    const ProcessResult put = run_rfetch({"-s", "-o", "/dev/null", "-T", file, "-w",
                                          "%{size_upload}|%{size_request}", server.url("/put")});

    REQUIRE(posted.exit_code == 0);
    const auto post_parts = fields(posted.out);
    REQUIRE(post_parts.size() == 3);
    CHECK(post_parts[0] == "11");
    CHECK(std::stoul(post_parts[1]) > 11 + std::string("POST /post HTTP/1.1\r\n").size());
    CHECK(!post_parts[2].empty());
    REQUIRE(put.exit_code == 0);
    const auto put_parts = fields(put.out);
    REQUIRE(put_parts.size() == 2);
    CHECK(put_parts[0] == "12");
    CHECK(std::stoul(put_parts[1]) > 12);
    REQUIRE(server.requests().size() == 2);
    CHECK(server.requests()[0].body == "hello=world");
    CHECK(server.requests()[1].body == "twelve bytes");
}

TEST_CASE("write-out %{num_redirects} and %{time_redirect} count every hop -L followed",
          "[curl][write-out]") {
    ScriptedServer server({{302, {{"Location", "/second"}}, ""},
                           {301, {{"Location", "/third"}}, ""},
                           {200, {}, "arrived"}});

    const ProcessResult run =
        run_rfetch({"-s", "-L", "-o", "/dev/null", "-w",
                    "%{num_redirects}|%{time_redirect}|%{size_request}|%{url_effective}",
                    server.url("/first")});

    REQUIRE(run.exit_code == 0);
    const auto parts = fields(run.out);
    REQUIRE(parts.size() == 4);
    CHECK(parts[0] == "2");
    CHECK(std::stod(parts[1]) > 0.0);
    // Three requests' heads, each longer than its request line.
    CHECK(std::stoul(parts[2]) > 3 * std::string("GET /second HTTP/1.1\r\n").size());
    CHECK(parts[3] == server.url("/third"));
    CHECK(server.requests().size() == 3);
}

TEST_CASE(
    "write-out %{num_redirects} and %{time_redirect} count a hop rfetch followed itself "
    "after a redirect's Retry-After",
    "[curl][write-out]") {
    ScriptedServer server({{302, {{"Location", "/second"}}, ""},
                           {303, {{"Location", "/third"}, {"Retry-After", "1"}}, ""},
                           {200, {}, "arrived"}});

    const ProcessResult run =
        run_rfetch({"-s", "-L", "-o", "/dev/null", "-w",
                    "%{num_redirects}|%{time_redirect}|%{time_starttransfer}|%{time_total}",
                    server.url("/first")});

    REQUIRE(run.exit_code == 0);
    const auto parts = fields(run.out);
    REQUIRE(parts.size() == 4);
    CHECK(parts[0] == "2");
    // The wait of a second comes before the final request.
    CHECK(std::stod(parts[1]) >= 0.9);
    CHECK(std::stod(parts[2]) <= std::stod(parts[3]));
    CHECK(std::stod(parts[1]) <= std::stod(parts[3]));
    CHECK(server.requests().size() == 3);
}

TEST_CASE("write-out's times keep curl's order: pretransfer, starttransfer, total",
          "[curl][write-out]") {
    const bool retried = GENERATE(false, true);
    INFO("retried: " << retried);
    std::vector<ScriptedReply> replies{{200, {}, "body"}};
    if (retried) {
        replies.insert(replies.begin(), {503, {}, "busy"});
    }
    ScriptedServer server(replies);

    const ProcessResult run = run_rfetch(with_fast_retries(
        {"-s", "-o", "/dev/null", "-w",
         "%{time_connect}|%{time_pretransfer}|%{time_starttransfer}|%{time_total}|"
         "%{num_attempts}",
         server.url()}));

    REQUIRE(run.exit_code == 0);
    const auto parts = fields(run.out);
    REQUIRE(parts.size() == 5);
    CHECK(parts[4] == (retried ? "2" : "1"));
    CHECK(std::stod(parts[0]) <= std::stod(parts[1]));
    CHECK(std::stod(parts[1]) <= std::stod(parts[2]));
    CHECK(std::stod(parts[2]) <= std::stod(parts[3]));
    // Microseconds, as curl's: a fast local exchange is not rounded to 0.
    CHECK(std::stod(parts[3]) > 0.0);
}

TEST_CASE(
    "write-out %{urlnum} numbers the URLs from 0, and %{filename_effective} names each "
    "one's file",
    "[curl][write-out]") {
    TempDir dir;
    ScriptedServer server({{200, {}, "one"}, {200, {}, "two"}, {200, {}, "three"}});
    const std::string file = dir.file("first.txt");

    const ProcessResult run =
        run_rfetch({"-s", "-w", "[%{urlnum}|%{filename_effective}]", "-o", file, server.url("/a"),
                    server.url("/b"), "--next", "-s", "-w", "[%{urlnum}]", server.url("/c")});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "[0|" + file + "]two[1|]three[2]");
    CHECK(read_file(file) == "one");
}

TEST_CASE("write-out %{referer} is the Referer -e sent, redacted", "[curl][write-out]") {
    ScriptedServer server({{200, {}, ""}, {200, {}, ""}});

    const ProcessResult given = run_rfetch(
        {"-s", "-e", "http://from.test/page?token=s3cret", "-w", "[%{referer}]", server.url()});
    const ProcessResult none = run_rfetch({"-s", "-w", "[%{referer}]", server.url()});

    REQUIRE(given.exit_code == 0);
    CHECK(given.out == "[http://from.test/page?token=REDACTED]");
    REQUIRE(server.requests().size() >= 1);
    CHECK(server.requests()[0].header_values("Referer") ==
          std::vector<std::string>{"http://from.test/page?token=s3cret"});
    REQUIRE(none.exit_code == 0);
    CHECK(none.out == "[]");
}
