// Usage errors: exit 2, one line that names the flag, and no request at all.

#include <algorithm>
#include <catch2/catch.hpp>

#include "process.h"
#include "scripted_server.h"

using namespace rfetch::test;

namespace {

struct BadUsage {
    std::vector<std::string> args;  // "URL" is replaced by the server's URL
    std::string named;              // what the message must mention
};

}  // namespace

TEST_CASE("bad arguments exit 2 with one line on stderr and send nothing", "[usage]") {
    const BadUsage bad = GENERATE(values<BadUsage>({
        {{"URL", "--retries", "-1"}, "--retries"},
        {{"URL", "--retries", "three"}, "--retries"},
        {{"URL", "--delay", "5x"}, "--delay"},
        {{"URL", "--deadline", "0"}, "--deadline"},
        {{"URL", "--jitter", "wobbly"}, "--jitter"},
        {{"URL", "--retry-on", "503,bogus"}, "bogus"},
        {{"URL", "--multiplier", "0.5"}, "--multiplier"},
        {{"URL", "--log", "xml"}, "--log"},
        {{"URL", "--no-such-flag"}, "--no-such-flag"},
        {{"URL", "-H", "no colon"}, "--header"},
        {{"URL", "-d", "a", "--json", "{}"}, "--json"},
        {{}, "URL"},
        {{"ftp://127.0.0.1/x"}, "ftp"},
    }));
    ScriptedServer server({{200, {}, "never asked for"}});
    std::vector<std::string> args = bad.args;
    std::replace(args.begin(), args.end(), std::string("URL"), server.url());

    const ProcessResult run = run_rfetch(args);

    std::string shown;
    for (const std::string& arg : bad.args) {
        shown += arg + " ";
    }
    INFO("rfetch " << shown << "\nstderr: " << run.err);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK_THAT(run.err, Catch::StartsWith("rfetch: ") && Catch::EndsWith("\n"));
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    CHECK_THAT(run.err, Catch::Contains(bad.named));
    CHECK(server.request_count() == 0);
}

TEST_CASE("help and version (--help and --version) exit 0 on stdout", "[usage]") {
    const ProcessResult help = run_rfetch({"--help"});
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.out, Catch::Contains("--retries") && Catch::Contains("--idempotency-key"));

    const ProcessResult version = run_rfetch({"--version"});
    CHECK(version.exit_code == 0);
    CHECK_FALSE(version.out.empty());
}
