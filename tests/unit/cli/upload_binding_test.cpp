// curl's -T bound to one URL as given each, in order, as -o is; a URL without one keeps the
// request's method and sends no body.

#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>

#include "cli/config_builder.h"
#include "cli/read_error.h"
#include "cli/target_request.h"
#include "cli/usage_error.h"
#include "config_building.h"
#include "test_files.h"

using namespace rfetch;
using rfetch::test::build;
using rfetch::test::TempDir;
using rfetch::test::write_file;

namespace {

// Each target's method, path and body, as it would be sent.
std::vector<std::string> sent(const Config& config) {
    std::vector<std::string> requests;
    for (const Target& target : config.targets) {
        const Request request = request_for(config, target);
        requests.push_back(method_for(config, target) + " " + request.method + " " + request.url +
                           " " + request.body.value_or("(none)"));
    }
    return requests;
}

bool has_header(const Request& request, const std::string& name) {
    return std::ranges::any_of(request.headers,
                               [&name](const Header& header) { return header.name == name; });
}

struct Files {
    TempDir dir;
    std::string a = dir.file("a");
    std::string b = dir.file("b");
    Files() {
        write_file(a, "A");
        write_file(b, "B");
    }
};

}  // namespace

TEST_CASE("the Nth -T is the Nth URL's; a URL after the last -T keeps the request's GET",
          "[config][upload]") {
    const Files files;
    RawOptions raw;
    raw.urls = {"http://h/1", "http://h/2", "http://h/3"};
    raw.upload_files = {files.a, files.b};
    const Config config = build(raw);
    CHECK(config.request.method == "GET");
    CHECK_FALSE(config.request.body);
    CHECK(sent(config) == std::vector<std::string>{"PUT PUT http://h/1 A", "PUT PUT http://h/2 B",
                                                   "GET GET http://h/3 (none)"});
    CHECK(config.warnings.empty());
    // curl's upload has no Content-Type: the empty header keeps libcurl from adding one, and
    // only the uploads carry it.
    CHECK(has_header(request_for(config, config.targets[0]), "Content-Type"));
    CHECK_FALSE(has_header(request_for(config, config.targets[2]), "Content-Type"));
}

TEST_CASE("a -T is bound to a URL as given, and every URL its glob makes sends the file",
          "[config][upload][glob]") {
    const Files files;
    RawOptions raw;
    raw.urls = {"http://h/{x,y}/", "http://h/z"};
    raw.upload_files = {files.a};
    CHECK(sent(build(raw)) == std::vector<std::string>{"PUT PUT http://h/x/a A",
                                                       "PUT PUT http://h/y/a A",
                                                       "GET GET http://h/z (none)"});

    // A -T glob sends each of its files to the URLs of its own URL argument only.
    raw.urls = {"http://h/u", "http://h/v"};
    raw.upload_files = {"", files.dir.file("{a,b}")};
    CHECK(sent(build(raw)) == std::vector<std::string>{"GET GET http://h/u (none)",
                                                       "PUT PUT http://h/v A",
                                                       "PUT PUT http://h/v B"});
}

TEST_CASE("an empty -T uploads nothing to its URL, as curl's", "[config][upload]") {
    const Files files;
    RawOptions raw;
    raw.urls = {"http://h/1", "http://h/2"};
    raw.upload_files = {"", files.b};
    CHECK(sent(build(raw)) ==
          std::vector<std::string>{"GET GET http://h/1 (none)", "PUT PUT http://h/2 B"});
    raw.upload_files = {""};
    const Config none = build(raw);
    CHECK(sent(none) ==
          std::vector<std::string>{"GET GET http://h/1 (none)", "GET GET http://h/2 (none)"});
}

TEST_CASE("more -T than URLs is a warning, and the extra ones are not read", "[config][upload]") {
    const Files files;
    RawOptions raw;
    raw.urls = {"http://h/1"};
    raw.upload_files = {files.a, files.dir.file("missing"), files.b};
    const Config config = build(raw);
    CHECK(sent(config) == std::vector<std::string>{"PUT PUT http://h/1 A"});
    CHECK(config.warnings ==
          std::vector<std::string>{
              "--upload-file names 3 files for 1 URL: the last ones are not used"});
}

TEST_CASE("request (-X) gives its method to every URL, and the -T's body only to its own",
          "[config][upload]") {
    const Files files;
    RawOptions raw;
    raw.urls = {"http://h/1", "http://h/2"};
    raw.upload_files = {files.a};
    raw.method = "POST";
    CHECK(sent(build(raw)) ==
          std::vector<std::string>{"POST POST http://h/1 A", "POST POST http://h/2 (none)"});
}

TEST_CASE(
    "a -T file that cannot be read: nothing is sent when it is the first URL's, else the "
    "URLs before it are",
    "[config][upload]") {
    const Files files;
    RawOptions raw;
    raw.urls = {"http://h/1", "http://h/2", "http://h/3"};
    raw.upload_files = {files.dir.file("missing"), files.a};
    CHECK_THROWS_AS(build(raw), ReadError);

    raw.upload_files = {files.a, files.dir.file("missing")};
    const Config config = build(raw);
    CHECK(sent(config) == std::vector<std::string>{"PUT PUT http://h/1 A"});
    REQUIRE(config.unread_upload);
    CHECK_THAT(*config.unread_upload, Catch::Contains("--upload-file"));
}

TEST_CASE("continue-at (-C) resumes each URL's upload, and the download of a URL without a -T",
          "[config][upload][resume]") {
    const Files files;
    write_file(files.a, "0123456789");
    RawOptions raw;
    raw.urls = {"http://h/1", "http://h/2"};
    raw.upload_files = {files.a};
    raw.continue_at = "4";
    const Config config = build(raw);
    CHECK(sent(config) ==
          std::vector<std::string>{"PUT PUT http://h/1 456789", "GET GET http://h/2 (none)"});
    const Request upload = request_for(config, config.targets[0]);
    CHECK(upload.resume_from == 0);
    CHECK(std::ranges::count_if(upload.headers, [](const Header& header) {
              return header.name == "Content-Range" && header.value == "bytes 4-9/10";
          }) == 1);
    const Request download = request_for(config, config.targets[1]);
    CHECK(download.resume_from == 4);
    CHECK_FALSE(has_header(download, "Content-Range"));
}

TEST_CASE("hedging is refused when any URL's -T makes it a PUT, and not for the GETs",
          "[config][upload][hedge]") {
    const Files files;
    RawOptions raw;
    raw.urls = {"http://h/1", "http://h/2"};
    raw.hedge_after = "1s";
    raw.upload_files = {"", files.a};
    try {
        build(raw);
        FAIL("hedging a PUT was accepted");
    } catch (const UsageError& error) {
        CHECK_THAT(error.what(), Catch::StartsWith("--hedge-after: a hedge is a second PUT"));
    }
    raw.upload_files = {""};
    CHECK(build(raw).hedge);
}

TEST_CASE("head (-I) refuses a -T that names a file, not an empty one", "[config][upload]") {
    const Files files;
    RawOptions raw;
    raw.urls = {"http://h/1", "http://h/2"};
    raw.head = true;
    raw.upload_files = {"", files.a};
    CHECK_THROWS_WITH(build(raw), Catch::StartsWith("--head sends HEAD"));
    raw.upload_files = {""};
    CHECK(build(raw).request.method == "HEAD");
}
