#include "cli/next_parts.h"

#include <catch2/catch.hpp>

#include "cli/flags.h"
#include "cli/stderr_choice.h"

using namespace rfetch;

namespace {

using Words = std::vector<std::string>;

// The flags alone, as the command line reads its words by them.
struct Flags {
    CLI::App app;
    RawOptions raw;
    Flags() { add_flags(app, raw, "test"); }
};

std::vector<Words> parts_of(const Words& args) {
    const Flags flags;
    return next_parts(flags.app, args);
}

}  // namespace

TEST_CASE("next parts: each part keeps its own options and gets every global one at its end",
          "[cli][next]") {
    CHECK(parts_of({"-v", "u1", "-H", "A: 1", "--next", "u2", "--rate=2/s", "-:", "u3"}) ==
          std::vector<Words>{{"-v", "u1", "-H", "A: 1", "-v", "--rate=2/s"},
                             {"u2", "--rate=2/s", "-v", "--rate=2/s"},
                             {"u3", "-v", "--rate=2/s"}});
}

TEST_CASE("next parts: a group of short flags gives its global ones to every part", "[cli][next]") {
    CHECK(parts_of({"-sSfL", "u1", "--next", "-svo", "f", "u2"}) ==
          std::vector<Words>{{"-sSfL", "u1", "-sS", "-sv"}, {"-svo", "f", "u2", "-sS", "-sv"}});
    CHECK(parts_of({"-qSoFILE", "u1", "-:", "u2"}) ==
          std::vector<Words>{{"-qSoFILE", "u1", "-S"}, {"u2", "-S"}});
}

TEST_CASE("next parts: a value is never a divider nor a global option", "[cli][next]") {
    // -H's -v is a header; --stderr's -s is a file, and --stderr is global.
    CHECK(
        parts_of({"-d", "--next", "u1", "-H", "-v", "--stderr", "-s"}) ==
        std::vector<Words>{{"-d", "--next", "u1", "-H", "-v", "--stderr", "-s", "--stderr", "-s"}});
}

TEST_CASE("next parts: an option left without its value stays last", "[cli][next]") {
    CHECK(parts_of({"--stderr", "e", "u1", "-d"}) ==
          std::vector<Words>{{"--stderr", "e", "u1", "--stderr", "e", "-d"}});
    // A global one is not given to the other parts, where it would take a word as its value.
    CHECK(parts_of({"u1", "-v", "-:", "u2", "--stderr"}) ==
          std::vector<Words>{{"u1", "-v", "-v"}, {"u2", "-v", "--stderr"}});
}

TEST_CASE("stderr choice: a usage error goes to the --stderr given before what it is about",
          "[cli][stderr]") {
    const Flags flags;
    const Words args{"--stderr", "a", "--retries", "1", "--stderr=b", "--retries", "x", "-Zq", "u"};

    CHECK(last_stderr_file(flags.app, args) == "b");
    CHECK(stderr_file_for_usage_error(flags.app, args, "--retries: 'x' is not a number") == "b");
    CHECK(stderr_file_for_usage_error(flags.app, args, "--parallel: bad") == "b");
    CHECK(stderr_file_for_usage_error(flags.app, args, "--disable: bad") == "b");
    CHECK(stderr_file_for_usage_error(flags.app, args, "unknown option '--stderr=b'") == "a");
    CHECK(stderr_file_for_usage_error(flags.app, args, "unexpected argument 'u'") == "b");
    CHECK(stderr_file_for_usage_error(flags.app, args, "no URL given") == "b");
    CHECK(stderr_file_for_usage_error(flags.app, {"--bogus", "--stderr", "a"},
                                      "unknown option '--bogus' (see 'rfetch --help')") ==
          std::nullopt);
    CHECK(stderr_file_for_usage_error(flags.app, {"--stderr", "a", "--stderr", ""},
                                      "--stderr: '' is not a file name") == "a");
}
