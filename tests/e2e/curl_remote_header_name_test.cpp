// curl's -J/--remote-header-name with -O, --clobber and --no-clobber: which file the body goes
// to, and that a name from the server never replaces a file unless asked. Learnt from curl's
// docs/cmdline-opts/remote-header-name.md, clobber.md and no-clobber.md.

#include <catch2/catch.hpp>

#include "process.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

namespace {

ScriptedReply disposed(const std::string& disposition, const std::string& body) {
    return {200, {{"Content-Disposition", disposition}}, body};
}

}  // namespace

TEST_CASE(
    "remote-header-name (-J -O) names the file after Content-Disposition, its directory "
    "part taken off",
    "[curl][remote-header-name]") {
    ScriptedServer server({disposed("attachment; filename=\"../up/report.txt\"", "body")});
    TempDir dir;

    const ProcessResult run =
        run_rfetch({"-s", "-J", "-O", "--output-dir", dir.path().string(), server.url("/get/x")});

    REQUIRE(run.exit_code == 0);
    CHECK(run.out.empty());
    CHECK(dir.entries() == std::vector<std::string>{"report.txt"});
    CHECK(read_file(dir.file("report.txt")) == "body");
}

TEST_CASE("remote-header-name (-OJ) without Content-Disposition keeps the URL's name",
          "[curl][remote-header-name]") {
    ScriptedServer server({{200, {}, "plain"}});
    TempDir dir;

    const ProcessResult run =
        run_rfetch({"-s", "-OJ", "--output-dir", dir.path().string(), server.url("/file.bin")});

    REQUIRE(run.exit_code == 0);
    CHECK(dir.entries() == std::vector<std::string>{"file.bin"});
    CHECK(read_file(dir.file("file.bin")) == "plain");
}

TEST_CASE("remote-header-name (-J) never replaces an existing file: exit 23, the file as it was",
          "[curl][remote-header-name]") {
    ScriptedServer server({disposed("inline; filename=taken.txt", "new")});
    TempDir dir;
    write_file(dir.file("taken.txt"), "mine");

    const ProcessResult run =
        run_rfetch({"-s", "-S", "-J", "-O", "--output-dir", dir.path().string(), server.url("/x")});

    CHECK(run.exit_code == 23);
    CHECK(run.err.find("taken.txt") != std::string::npos);
    CHECK(read_file(dir.file("taken.txt")) == "mine");
    CHECK(dir.entries() == std::vector<std::string>{"taken.txt"});
}

TEST_CASE("clobber (--clobber) lets -J replace an existing file", "[curl][remote-header-name]") {
    ScriptedServer server({disposed("inline; filename=taken.txt", "new")});
    TempDir dir;
    write_file(dir.file("taken.txt"), "mine");

    const ProcessResult run = run_rfetch(
        {"-s", "-J", "-O", "--clobber", "--output-dir", dir.path().string(), server.url("/x")});

    REQUIRE(run.exit_code == 0);
    CHECK(read_file(dir.file("taken.txt")) == "new");
}

TEST_CASE("no-clobber (--no-clobber) with -J writes beside an existing file as FILE.1",
          "[curl][remote-header-name]") {
    ScriptedServer server({disposed("inline; filename=taken.txt", "new")});
    TempDir dir;
    write_file(dir.file("taken.txt"), "mine");

    const ProcessResult run = run_rfetch({"-s", "-S", "-J", "-O", "--no-clobber", "--output-dir",
                                          dir.path().string(), server.url("/x")});

    REQUIRE(run.exit_code == 0);
    CHECK(run.err.empty());
    CHECK(read_file(dir.file("taken.txt")) == "mine");
    CHECK(read_file(dir.file("taken.txt.1")) == "new");
    CHECK(dir.entries() == std::vector<std::string>{"taken.txt", "taken.txt.1"});
}

TEST_CASE("no-clobber (--no-clobber) writes beside an existing -o file as FILE.1, then FILE.2",
          "[curl][remote-header-name]") {
    ScriptedServer server({{200, {}, "fresh"}});
    TempDir dir;
    write_file(dir.file("out"), "old");

    const ProcessResult first =
        run_rfetch({"-s", "--no-clobber", "-o", dir.file("out"), server.url()});
    const ProcessResult second =
        run_rfetch({"-s", "--no-clobber", "-o", dir.file("out"), server.url()});

    REQUIRE(first.exit_code == 0);
    REQUIRE(second.exit_code == 0);
    CHECK(read_file(dir.file("out")) == "old");
    CHECK(read_file(dir.file("out.1")) == "fresh");
    CHECK(read_file(dir.file("out.2")) == "fresh");
    CHECK(dir.entries() == std::vector<std::string>{"out", "out.1", "out.2"});
}

TEST_CASE("remote-header-name (-J) leaves -o names alone, as curl does",
          "[curl][remote-header-name]") {
    ScriptedServer server({disposed("attachment; filename=other.txt", "body")});
    TempDir dir;

    const ProcessResult run = run_rfetch({"-s", "-J", "-o", dir.file("chosen"), server.url()});

    REQUIRE(run.exit_code == 0);
    CHECK(dir.entries() == std::vector<std::string>{"chosen"});
}

TEST_CASE("remote-header-name (-J -O) names the file after the response that ends the run",
          "[curl][remote-header-name]") {
    ScriptedServer server({{503, {{"Content-Disposition", "inline; filename=error.html"}}, "busy"},
                           disposed("attachment; filename=final.txt", "done")});
    TempDir dir;

    const ProcessResult run = run_rfetch(with_fast_retries(
        {"-s", "-J", "-O", "--output-dir", dir.path().string(), server.url("/x")}));

    REQUIRE(run.exit_code == 0);
    CHECK(server.request_count() == 2);
    CHECK(dir.entries() == std::vector<std::string>{"final.txt"});
}

TEST_CASE("remote-header-name (-J) with --include is refused, as curl refuses it",
          "[curl][remote-header-name][usage]") {
    ScriptedServer server({disposed("attachment; filename=x.txt", "body")});
    TempDir dir;

    const ProcessResult run =
        run_rfetch({"-Ji", "-O", "--output-dir", dir.path().string(), server.url("/x")});

    CHECK(run.exit_code == 2);
    CHECK(run.err.find("--remote-header-name cannot be used with --include") != std::string::npos);
    CHECK(server.request_count() == 0);
    CHECK(dir.entries().empty());
}
