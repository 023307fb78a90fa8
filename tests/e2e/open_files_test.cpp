// A run with more transfers under way than the usual soft limit on open files allows, and the
// limit a command run after -- gets back.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "process.h"
#include "scripted_server.h"

using namespace rfetch::test;
using std::chrono::milliseconds;

namespace {

constexpr int kSoftLimit = 16;

// rfetch's command line, run by a shell whose soft limit on open files is kSoftLimit; the
// hard limit stays as it was.
ProcessResult run_with_soft_limit(const std::vector<std::string>& args) {
    std::string script =
        "ulimit -Sn " + std::to_string(kSoftLimit) + " && exec '" + rfetch_binary() + "'";
    for (const std::string& arg : args) {
        script += " '" + arg + "'";
    }
    return run_process("/bin/sh", {"-c", script});
}

long hard_limit() {
    const ProcessResult shell = run_process("/bin/sh", {"-c", "ulimit -Hn"});
    return shell.out.starts_with("unlimited") ? 1L << 20 : std::stol(shell.out);
}

}  // namespace

TEST_CASE("more transfers at once than the soft limit on open files allows all succeed",
          "[many][limits]") {
    // Few enough that the server's listen queue takes them all at once even on a loaded
    // machine, where a dropped connection attempt is tried again only a second later.
    constexpr int kUrls = kSoftLimit + kSoftLimit / 2;
    REQUIRE(hard_limit() > 4 * kUrls);
    // Each reply is held, so every transfer's connection is open at the same time; closing
    // after it frees the server's thread for the next one at once.
    ScriptedServer server({{200, {{"Connection", "close"}}, "ok", milliseconds(100)}});
    std::vector<std::string> args{"-s",        "-Z", "--parallel-max", std::to_string(kUrls),
                                  "--retries", "0"};
    for (int index = 0; index < kUrls; ++index) {
        args.push_back(server.url("/" + std::to_string(index)));
    }

    const ProcessResult run = run_with_soft_limit(args);

    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out.size() == 2 * kUrls);
    CHECK(server.request_count() == kUrls);
}

TEST_CASE("a command run after -- gets the soft limit on open files rfetch started with",
          "[limits][exec]") {
    ScriptedServer server({{200, {}, "ok"}});

    const ProcessResult run = run_with_soft_limit(
        {"-s", "-o", "/dev/null", server.url(), "--", "sh", "-c", "ulimit -Sn"});

    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == std::to_string(kSoftLimit) + "\n");
}
