// -o FILE appears whole or not at all.

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <thread>

#include "log_events.h"
#include "process.h"
#include "raw_server.h"
#include "scripted_server.h"
#include "test_files.h"

using namespace rfetch::test;

TEST_CASE("an output file (-o) gets only the final body and stdout nothing", "[output]") {
    TempDir dir;
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "file body\n"}});

    const ProcessResult run =
        run_rfetch({server.url(), "-o", dir.file("out.txt"), "--delay", "10ms"});

    CHECK(run.exit_code == 0);
    CHECK(run.out.empty());
    CHECK(read_file(dir.file("out.txt")) == "file body\n");
    CHECK(dir.entries() == std::vector<std::string>{"out.txt"});
}

TEST_CASE("an output file (-o) replaces an existing file on success", "[output]") {
    TempDir dir;
    write_file(dir.file("out.txt"), "a much longer old content that must vanish entirely");
    ScriptedServer server({{200, {}, "new"}});

    const ProcessResult run = run_rfetch({server.url(), "-o", dir.file("out.txt")});

    CHECK(run.exit_code == 0);
    CHECK(read_file(dir.file("out.txt")) == "new");
    CHECK(dir.entries() == std::vector<std::string>{"out.txt"});
}

TEST_CASE("an output file (-o) is left untouched when every attempt fails", "[output]") {
    TempDir dir;
    write_file(dir.file("out.txt"), "old content");
    ScriptedServer server({{503, {}, "error page"}});

    const ProcessResult run =
        run_rfetch({server.url(), "-o", dir.file("out.txt"), "--retries", "2", "--delay", "10ms"});

    CHECK(run.exit_code == 22);
    CHECK(run.out.empty());
    CHECK(read_file(dir.file("out.txt")) == "old content");
    // No temporary file left behind beside the target.
    CHECK(dir.entries() == std::vector<std::string>{"out.txt"});
    CHECK(server.request_count() == 3);
}

TEST_CASE("an output file (-o) is not created when every attempt fails", "[output]") {
    TempDir dir;
    ScriptedServer server({{404, {}, "not here"}});

    const ProcessResult run = run_rfetch({server.url(), "-o", dir.file("out.txt")});

    CHECK(run.exit_code == 22);
    CHECK(dir.entries().empty());
}

TEST_CASE("an output file in a directory that does not exist exits 23 before anything is sent",
          "[output]") {
    TempDir dir;
    ScriptedServer server({{200, {}, "never asked for"}});

    // As curl's write error (its test 3009), but found before the request goes out.
    const std::string missing = dir.file("missing");
    const auto args = GENERATE_COPY(values<std::vector<std::string>>({
        {"-o", missing + "/out"},
        {"-O", "--output-dir", missing},
    }));
    std::vector<std::string> full = args;
    full.push_back(server.url("/name"));

    const ProcessResult run = run_rfetch(full);

    CHECK(run.exit_code == 23);
    CHECK(run.out.empty());
    CHECK_THAT(run.err, Catch::StartsWith("rfetch: ") && Catch::Contains("missing"));
    CHECK(server.request_count() == 0);
    CHECK(dir.entries().empty());
}

// Tests run as root, who may write a file of mode 0444 and create files in a directory of mode
// 0555; so each case here is one the kernel refuses to root too: a path through a regular file
// (ENOTDIR), and /proc/sys entries that are read-only for everyone (EACCES or EROFS).
TEST_CASE("an output that cannot be written exits 23 before anything is sent", "[output]") {
    struct Unwritable {
        std::vector<std::string> args;  // "DIR" starts a path in the test's own directory
        std::string named;
    };
    const Unwritable bad = GENERATE(values<Unwritable>({
        // A file where the directory should be, with and without --create-dirs.
        {{"-o", "DIR/not-a-dir/out"}, "not-a-dir"},
        {{"-o", "DIR/not-a-dir/sub/out", "--create-dirs"}, "not-a-dir"},
        {{"-O", "--output-dir", "DIR/not-a-dir"}, "not-a-dir"},
        // An existing file no one may write, and a directory no one may create files in.
        {{"-o", "/proc/sys/kernel/osrelease"}, "/proc/sys/kernel/osrelease"},
        {{"-O", "--output-dir", "/proc/sys/kernel"}, "/proc/sys/kernel"},
        // A directory is no output file.
        {{"-o", "DIR"}, "directory"},
        // The head's file too (-D).
        {{"-D", "DIR/not-a-dir/head"}, "not-a-dir"},
    }));
    TempDir dir;
    write_file(dir.file("not-a-dir"), "");
    ScriptedServer server({{200, {}, "never asked for"}});
    std::vector<std::string> args{server.url("/file.txt")};
    for (const std::string& arg : bad.args) {
        args.push_back(arg.starts_with("DIR") ? dir.path().string() + arg.substr(3) : arg);
    }

    const ProcessResult run = run_rfetch(args);

    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 23);
    CHECK(run.out.empty());
    CHECK_THAT(run.err, Catch::StartsWith("rfetch: ") && Catch::Contains(bad.named));
    CHECK(server.request_count() == 0);
    CHECK(read_file(dir.file("not-a-dir")).empty());
}

TEST_CASE("a body that cannot be written exits 23", "[output]") {
    ScriptedServer server({{200, {}, "body"}});

    // /dev/full accepts the open and fails every write with ENOSPC.
    const ProcessResult run = run_rfetch({server.url(), "-o", "/dev/full"});

    CHECK(run.exit_code == 23);
    CHECK(run.out.empty());
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.result()["exit_code"] == 23);
    CHECK(log.result()["outcome"] == "write_error");
    // With the JSON log, the reason lives in the result event, not in a stray text line.
    CHECK(log.other_lines.empty());
}

TEST_CASE("an output of /dev/null works after a retry", "[output]") {
    // curl 7.88.1 fails this with exit 23 (TEST-PEERS.md); rfetch must not copy it.
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "discarded"}});

    const ProcessResult run = run_rfetch({server.url(), "-o", "/dev/null", "--delay", "10ms"});

    CHECK(run.exit_code == 0);
    CHECK(run.out.empty());
    CHECK(server.request_count() == 2);
}

TEST_CASE("a reader that goes away early makes the run exit 23", "[output]") {
    ScriptedServer server({{200, {}, std::string(4 << 20, 'x')}});

    // head takes a few bytes and exits; the rest of the write meets a closed pipe.
    const ProcessResult run = run_process(
        "/bin/bash", {"-c", "\"$0\" \"$1\" | head -c 10 >/dev/null; exit \"${PIPESTATUS[0]}\"",
                      rfetch_binary(), server.url()});

    CHECK(run.exit_code == 23);
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.result()["outcome"] == "write_error");
    CHECK(log.result()["reason"] == "the reader of the output went away");
    CHECK(log.other_lines.empty());
}

TEST_CASE("output through a symbolic link replaces its target and keeps the link", "[output]") {
    ScriptedServer server({{200, {}, "fresh"}});
    TempDir dir;
    write_file(dir.file("real"), "stale");
    ::chmod(dir.file("real").c_str(), 0600);
    std::filesystem::create_symlink(dir.file("real"), dir.file("link"));

    const ProcessResult run = run_rfetch({server.url(), "-o", dir.file("link")});

    CHECK(run.exit_code == 0);
    CHECK(std::filesystem::is_symlink(dir.file("link")));
    CHECK(read_file(dir.file("real")) == "fresh");
    // A secret file stays secret when rfetch refreshes it.
    CHECK((std::filesystem::status(dir.file("real")).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
}

TEST_CASE("output to /dev/stdout goes where stdout goes", "[output]") {
    ScriptedServer server({{503, {}, "busy"}, {200, {}, "the body"}});

    const ProcessResult run = run_rfetch({server.url(), "-o", "/dev/stdout", "--delay", "10ms"});

    CHECK(run.exit_code == 0);
    CHECK(run.out == "the body");
}

TEST_CASE("a named pipe (-o FIFO) gets the body once its reader comes", "[output]") {
    TempDir dir;
    const std::string fifo = dir.file("pipe");
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    ScriptedServer server({{200, {}, "through the pipe"}});

    // The reader comes late: rfetch waits for it, as a blocking open would.
    std::string read_back;
    std::thread reader([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        read_back = read_file(fifo);
    });
    const ProcessResult run = run_rfetch({server.url(), "-o", fifo});
    reader.join();

    CHECK(run.exit_code == 0);
    CHECK(read_back == "through the pipe");
}

TEST_CASE("a reader that goes away while the body stalls ends the run at once", "[output]") {
    // 20 bytes, then nothing for a long time: `rfetch URL | head -c 10` has what it wants and
    // goes, and rfetch must not wait for a byte it could fail to write.
    RawServer server(
        {{RawMove::stream_forever, http_head_promising(100'000'000, std::string(20, 'x')), "",
          std::chrono::milliseconds(30'000)}});

    const ProcessResult run = run_process(
        "/bin/sh",
        {"-c", "exec \"$0\" \"$@\" | head -c 10", rfetch_binary(), "--buffer", "1", server.url()});

    CHECK(run.out == std::string(10, 'x'));
    CHECK(run.wall < std::chrono::milliseconds(5000));
    const AttemptLog log = parse_attempt_log(run.err);
    CHECK(log.result()["outcome"] == "write_error");
    CHECK(log.result()["reason"] == "the reader of the output went away");
    CHECK(log.result()["exit_code"] == 23);
}

TEST_CASE("once stdout's reader has gone, the URLs after it send nothing", "[output][many]") {
    // The reader (true) goes at once: the first URL sends nothing either when it sees the
    // closed pipe first, or its answer comes late enough that the write fails; the two URLs
    // after it see the closed pipe before they send anything.
    ScriptedServer first({{200, {}, "first", std::chrono::milliseconds(300)}});
    ScriptedServer second({{200, {}, "second"}});
    ScriptedServer third({{200, {}, "third"}});

    const ProcessResult run =
        run_process("/bin/sh", {"-c", "exec \"$0\" \"$@\" | true", rfetch_binary(), first.url(),
                                second.url(), third.url()});

    CHECK(first.request_count() <= 1);
    CHECK(second.request_count() == 0);
    CHECK(third.request_count() == 0);
    const AttemptLog log = parse_attempt_log(run.err);
    REQUIRE(log.results.size() == 3);
    for (const auto& result : log.results) {
        CHECK(result["outcome"] == "write_error");
    }
    CHECK(log.events.back()["exit_code"] == 23);
}
