// curl's session flags, with curl's meaning: -j leaves out the session cookies of a -b file,
// -R gives the output file the response's Last-Modified time.

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

namespace {

// A Netscape cookie file: one cookie that lasts (its expiry in 2037) and one of the session
// (expiry 0), both for the test server.
std::string cookie_file() {
    return "127.0.0.1\tFALSE\t/\tFALSE\t2139150993\tlasting\tyes\n"
           "127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\tyes\n";
}

long long modified_seconds(const std::string& path) {
    struct stat info {};
    REQUIRE(stat(path.c_str(), &info) == 0);
    return info.st_mtim.tv_sec;
}

// Tue, 13 Jun 2000 12:10:00 GMT.
constexpr long long kLastModified = 960898200;

}  // namespace

TEST_CASE("junk session cookies (-j) sends only the -b file's cookies that have an expiry",
          "[curl][cookies]") {
    ScriptedServer server({{200, {}, "ok"}});
    TempDir dir;
    write_file(dir.file("jar"), cookie_file());

    const ProcessResult kept = run_rfetch({"-s", "-b", dir.file("jar"), server.url("/1")});
    const ProcessResult junked = run_rfetch({"-s", "-b", dir.file("jar"), "-j", server.url("/2")});

    REQUIRE(kept.exit_code == 0);
    REQUIRE(junked.exit_code == 0);
    REQUIRE(server.request_count() == 2);
    // Both, in the order libcurl chooses.
    const std::vector<std::string> both = server.requests()[0].header_values("Cookie");
    REQUIRE(both.size() == 1);
    CHECK_THAT(both[0], Catch::Contains("lasting=yes") && Catch::Contains("session=yes"));
    CHECK(server.requests()[1].header_values("Cookie") == std::vector<std::string>{"lasting=yes"});
}

TEST_CASE("remote time (-R) gives the file the response's Last-Modified time", "[curl][output]") {
    ScriptedServer server({{200, {{"Last-Modified", "Tue, 13 Jun 2000 12:10:00 GMT"}}, "12345\n"}});
    TempDir dir;

    const ProcessResult named = run_rfetch(
        {"-s", "-O", "-R", "--output-dir", dir.path().string(), server.url("/file.txt")});
    const ProcessResult given =
        run_rfetch({"-s", "--remote-time", "-o", dir.file("given"), server.url("/x")});
    const ProcessResult plain = run_rfetch({"-s", "-o", dir.file("plain"), server.url("/y")});

    REQUIRE(named.exit_code == 0);
    CHECK(read_file(dir.file("file.txt")) == "12345\n");
    CHECK(modified_seconds(dir.file("file.txt")) == kLastModified);
    REQUIRE(given.exit_code == 0);
    CHECK(modified_seconds(dir.file("given")) == kLastModified);
    // Without -R the file is as new as the run.
    REQUIRE(plain.exit_code == 0);
    CHECK(modified_seconds(dir.file("plain")) > kLastModified);
}

TEST_CASE("remote time (-R) leaves the time alone without a Last-Modified", "[curl][output]") {
    // Not a date, and dates before 1970, which curl does not set either.
    const std::string modified =
        GENERATE(std::string("not a date"), std::string("Thu, 01 Jan 1900 00:00:00 GMT"),
                 std::string("Wed, 31 Dec 1969 23:59:58 GMT"));
    ScriptedServer server({{200, {{"Last-Modified", modified}}, "x"}});
    TempDir dir;

    const ProcessResult run = run_rfetch({"-s", "-R", "-o", dir.file("out"), server.url()});

    REQUIRE(run.exit_code == 0);
    CHECK(read_file(dir.file("out")) == "x");
    CHECK(modified_seconds(dir.file("out")) > kLastModified);
}

TEST_CASE("fail early (--fail-early) sends no URL after the first that fails", "[curl][many]") {
    ScriptedServer bad({{404, {}, "missing"}});
    ScriptedServer good({{200, {}, "fine"}});

    const ProcessResult early =
        run_rfetch({"-s", "--fail-early", bad.url("/1"), good.url("/2"), good.url("/3")});
    const ProcessResult on = run_rfetch({"-s", bad.url("/1"), good.url("/2")});

    CHECK(early.exit_code == 22);
    CHECK(early.out.empty());
    CHECK(bad.request_count() == 2);
    // Without it the URLs after the failure run, and the first failure is the exit status.
    CHECK(on.exit_code == 22);
    CHECK(on.out == "fine");
    CHECK(good.request_count() == 1);
}

TEST_CASE("fail early (--fail-early) counts a failure as the exit status does", "[curl][many]") {
    ScriptedServer bad({{404, {}, "missing"}});
    ScriptedServer good({{200, {}, "fine"}});

    // With --no-fail a 404 is no failure, so the next URL runs.
    const ProcessResult run =
        run_rfetch({"-s", "--fail-early", "--no-fail", bad.url("/1"), good.url("/2")});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "missingfine");
    CHECK(good.request_count() == 1);
}

TEST_CASE("fail early (--fail-early) also ends the --next parts after a failed one",
          "[curl][many]") {
    ScriptedServer bad({{404, {}, "missing"}});
    ScriptedServer good({{200, {}, "fine"}});

    const ProcessResult run =
        run_rfetch({"-s", "--fail-early", bad.url("/1"), "--next", "-s", good.url("/2")});

    CHECK(run.exit_code == 22);
    CHECK(good.request_count() == 0);
}
