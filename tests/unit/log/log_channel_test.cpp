#include "core/log/log_channel.h"

#include <catch2/catch.hpp>
#include <set>
#include <sstream>

#include "core/log/run_id.h"

using namespace rfetch;

namespace {

// Counts the calls: each must be one whole line.
class RecordingSink final : public LineSink {
  public:
    void write_line(std::string_view line) override { lines.emplace_back(line); }
    std::vector<std::string> lines;
};

}  // namespace

TEST_CASE("with a JSON log, errors and warnings are JSON events", "[log]") {
    RecordingSink sink;
    const LogChannel log{LogFormat::json, "0123456789abcdef", sink};
    log_error(log, "unknown option '--bogus'", 2);
    log_warning(log, "state file is corrupt; treating it as empty");
    log_error(log, "internal error: \"boom\"", 70);
    REQUIRE(sink.lines.size() == 3);
    CHECK(sink.lines[0] == R"({"event":"error","schema_version":1,"run_id":"0123456789abcdef",)"
                           R"("message":"unknown option '--bogus'","exit_code":2})");
    CHECK(sink.lines[1] == R"({"event":"warning","schema_version":1,"run_id":"0123456789abcdef",)"
                           R"("message":"state file is corrupt; treating it as empty"})");
    CHECK(sink.lines[2] == R"({"event":"error","schema_version":1,"run_id":"0123456789abcdef",)"
                           R"("message":"internal error: \"boom\"","exit_code":70})");
}

TEST_CASE("otherwise they are one rfetch: line each, even with no attempt log", "[log]") {
    const auto format = GENERATE(LogFormat::text, LogFormat::none);
    RecordingSink sink;
    const LogChannel log{format, "0123456789abcdef", sink};
    log_error(log, "unknown option '--bogus'", 2);
    log_warning(log, "cannot lock");
    CHECK(sink.lines ==
          std::vector<std::string>{"rfetch: unknown option '--bogus'", "rfetch: cannot lock"});
}

TEST_CASE("a stream sink ends each line with its newline", "[log]") {
    std::ostringstream out;
    StreamLineSink sink(out);
    sink.write_line("one");
    sink.write_line("two");
    CHECK(out.str() == "one\ntwo\n");
}

TEST_CASE("each run id is 16 hex digits, fresh each time", "[log]") {
    std::set<std::string> ids;
    for (int i = 0; i < 100; ++i) {
        const std::string id = fresh_run_id();
        CHECK_THAT(id, Catch::Matches("[0-9a-f]{16}"));
        ids.insert(id);
    }
    CHECK(ids.size() == 100);
}
