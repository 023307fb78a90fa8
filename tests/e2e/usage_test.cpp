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
        // A User-Agent with a line break would smuggle a header, as -H would.
        {{"URL", "-A", "rfetch\r\nX-Evil: 1"}, "--user-agent"},
        {{"URL", "-A", "two\nlines"}, "--user-agent"},
        // -O takes its name from the path only, never from the query or the fragment.
        {{"URL/", "-O", "--output-dir", "."}, "--remote-name"},
        {{"URL/?q=1", "-O", "--output-dir", "."}, "--remote-name"},
        {{"URL?q=a/b", "-O", "--output-dir", "."}, "--remote-name"},
        {{"URL#top/b", "-O", "--output-dir", "."}, "--remote-name"},
        // A --retry-on list edits the defaults or replaces them, never both.
        {{"URL", "--retry-on", "+429,503"}, "mixes signed and plain"},
        {{"URL", "--retry-on=-503,429"}, "mixes signed and plain"},
        {{}, "URL"},
        {{"ftp://127.0.0.1/x"}, "ftp"},
        // Unknown flags suggest the closest real one.
        {{"URL", "--retires", "3"}, "did you mean '--retries'?"},
        // Overflowing and empty numbers, empty values of every kind.
        {{"URL", "--retries", "99999999999999999999"}, "--retries"},
        {{"URL", "--seed", "18446744073709551616"}, "--seed"},
        {{"URL", "--max-redirs", "-5"}, "--max-redirs"},
        {{"URL", "--delay", ""}, "--delay"},
        {{"URL", "--timeout", "-1s"}, "--timeout"},
        {{"URL", "--connect-timeout", "1d"}, "--connect-timeout"},
        {{"URL", "--max-delay", "1e3"}, "--max-delay"},
        {{"URL", "--retry-on", ""}, "--retry-on"},
        {{"URL", "--retry-on", "200"}, "--retry-on"},
        {{"URL", "--idempotency-key", ""}, "--idempotency-key"},
        {{"URL", "--max-filesize", "lots"}, "--max-filesize"},
        {{"URL", "--traceparent=00-zz"}, "--traceparent"},
        {{"URL", "-o", ""}, "--output"},
        {{"URL", "--cacert", "/nonexistent/ca.pem"}, "--cacert"},
        {{"URL", "--retries"}, "--retries"},
        // URLs that do not parse, or name a scheme rfetch will not fetch.
        {{"http://[::1/"}, "URL"},
        {{"http://exa mple.com/"}, "URL"},
        {{"file:///etc/passwd"}, "file"},
        {{"gopher://127.0.0.1/"}, "gopher"},
        {{"dict://127.0.0.1/"}, "dict"},
        // Many URLs: -O must not save two to one name.
        {{"http://127.0.0.1:9/d/f", "http://127.0.0.1:9/e/f", "-O"}, "'f'"},
        {{"URL", "--urls", "/nonexistent/urls.txt"}, "--urls"},
        {{"URL", "-Z", "--parallel-max", "-1"}, "--parallel-max"},
        {{"URL", "--urls", "-", "--data", "@-"}, "stdin"},
        {{"URL", "URL", "--json", "{}", "--idempotency-key", "auto"}, "idempotency key"},
    }));
    ScriptedServer server({{200, {}, "never asked for"}});
    std::vector<std::string> args = bad.args;
    // "URL" is the server's URL, and "URL" followed by more is it with a path or query of its own.
    const std::string base = server.url().substr(0, server.url().size() - 1);
    for (std::string& arg : args) {
        if (arg.starts_with("URL")) {
            arg = arg == "URL" ? server.url() : base + arg.substr(3);
        }
    }

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

TEST_CASE("usage errors never repeat the secrets they quote", "[usage]") {
    const std::vector<std::string> args = GENERATE(values<std::vector<std::string>>({
        {"ftp://alice:hunter2@127.0.0.1/"},
        {"http://alice:hunter2@[::1/"},
        {"http://127.0.0.1/", "-H", "Authorization Bearer hunter2"},
        {"http://127.0.0.1/", "-H", "Cookie: id=hunter2\nX-Other: 1"},
    }));

    const ProcessResult run = run_rfetch(args);

    INFO(run.err);
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("hunter2") == std::string::npos);
    CHECK_THAT(run.err, Catch::Contains("REDACTED"));
}
