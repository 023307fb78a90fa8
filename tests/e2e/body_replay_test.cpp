// The request body is read once and sent byte for byte on every attempt.

#include <catch2/catch.hpp>

#include "log_events.h"
#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

namespace {

// Every byte value, NULs and line ends in awkward places, and a trailing newline.
std::string awkward_bytes() {
    std::string bytes("head\0mid\r\n\n", 11);
    for (int i = 0; i < 256; ++i) {
        bytes.push_back(static_cast<char>(i));
    }
    bytes.append(std::string("\0\0tail\n", 7));
    return bytes;
}

void check_replayed(const ScriptedServer& server, const std::string& body) {
    const std::vector<SeenRequest> requests = server.requests();
    REQUIRE(requests.size() == 2);
    for (const SeenRequest& request : requests) {
        CHECK(request.method == "POST");
        CHECK(request.body.size() == body.size());
        CHECK(request.body == body);
    }
}

}  // namespace

TEST_CASE("a body from a file (-d @file) is sent byte for byte on every attempt", "[body]") {
    TempDir dir;
    const std::string body = awkward_bytes();
    write_file(dir.file("body.bin"), body);
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "stored"}});

    std::vector<std::string> args{server.url(), "-d", "@" + dir.file("body.bin"),
                                  "--idempotency-key", "replay-file"};
    args.insert(args.end(), kFastRetries.begin(), kFastRetries.end());
    const ProcessResult run = run_rfetch(args);

    CHECK(run.exit_code == 0);
    CHECK(run.out == "stored");
    check_replayed(server, body);
}

TEST_CASE("a body from stdin (-d @-) is read once and sent on every attempt", "[body]") {
    const std::string body = awkward_bytes();
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "stored"}});

    std::vector<std::string> args{server.url(), "-d", "@-", "--idempotency-key", "replay-stdin"};
    args.insert(args.end(), kFastRetries.begin(), kFastRetries.end());
    const ProcessResult run = run_rfetch(args, feeding(body));

    CHECK(run.exit_code == 0);
    CHECK(run.out == "stored");
    check_replayed(server, body);
}

TEST_CASE("a large body from stdin is replayed whole", "[body]") {
    std::string body;
    for (int i = 0; body.size() < 3 * 1024 * 1024; ++i) {
        body += std::to_string(i) + '\n';
    }
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "stored"}});

    // Not the form content type libcurl picks for -d: httplib caps form bodies at 8 KiB.
    std::vector<std::string> args{server.url(),     "-d", "@-",
                                  "--retry-unsafe", "-H", "Content-Type: application/octet-stream"};
    args.insert(args.end(), kFastRetries.begin(), kFastRetries.end());
    const ProcessResult run = run_rfetch(args, feeding(body));

    CHECK(run.exit_code == 0);
    check_replayed(server, body);
}

TEST_CASE("a JSON body (--json) gets the JSON content type and is sent as given", "[body]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {{"Content-Type", "application/json"}}, "{}"}});

    std::vector<std::string> args{server.url(), "--json", R"({"a":1})", "--idempotency-key", "j"};
    args.insert(args.end(), kFastRetries.begin(), kFastRetries.end());
    const ProcessResult run = run_rfetch(args);

    CHECK(run.exit_code == 0);
    CHECK(run.out == "{}");
    check_replayed(server, R"({"a":1})");
    for (const SeenRequest& request : server.requests()) {
        CHECK(request.header_values("Content-Type") ==
              std::vector<std::string>{"application/json"});
        CHECK(request.header_values("Accept") == std::vector<std::string>{"application/json"});
    }
}

TEST_CASE("a body file that opens and cannot be read is a read error (exit 26)", "[body]") {
    TempDir dir;
    ScriptedServer server({{200, {}, "never asked for"}});

    // A directory opens; reading it fails (it was an internal error, exit 70).
    const ProcessResult run = run_rfetch({server.url(), "-d", "@" + dir.path().string()});

    CHECK(run.exit_code == 26);
    CHECK(run.out.empty());
    CHECK_THAT(run.err, Catch::StartsWith("rfetch: ") && Catch::Contains("--data") &&
                            Catch::Contains("it is a directory"));
    CHECK(server.request_count() == 0);
}
