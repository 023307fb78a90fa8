#include "cli/command_line.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "test_files.h"

using namespace rfetch;

namespace {

// A config file in a directory of its own (mkdtemp), removed when the test ends.
class ConfigFile {
  public:
    explicit ConfigFile(const std::string& text) {
        std::filesystem::create_directories(dir_.path() / "rfetch");
        std::ofstream(path()) << text;
    }

    std::string path() const { return (dir_.path() / "rfetch" / "config.toml").string(); }
    std::string xdg_home() const { return dir_.path().string(); }

  private:
    test::TempDir dir_;
};

struct Parsed {
    CommandLine command_line;

    const Config& config() const {
        REQUIRE(command_line.config);
        return *command_line.config;
    }
};

Parsed parse(std::vector<std::string> args, std::map<std::string, std::string> environment = {}) {
    args.insert(args.begin(), "rfetch");
    std::vector<const char*> argv;
    for (const std::string& arg : args) {
        argv.push_back(arg.c_str());
    }
    std::istringstream in;
    Surroundings surroundings{in,
                              false,
                              [environment](const std::string& name) -> std::optional<std::string> {
                                  const auto found = environment.find(name);
                                  if (found == environment.end()) {
                                      return std::nullopt;
                                  }
                                  return found->second;
                              },
                              {},
                              {}};
    return {parse_command_line(static_cast<int>(argv.size()), argv.data(), surroundings, "v")};
}

}  // namespace

TEST_CASE("flags beat the environment, which beats the config file, which beats defaults",
          "[precedence]") {
    const ConfigFile file("retries = 7\ndelay = \"3s\"\ndeadline = \"1m\"\njitter = \"equal\"\n");
    const std::map<std::string, std::string> environment{
        {"RFETCH_CONFIG", file.path()}, {"RFETCH_RETRIES", "6"}, {"RFETCH_DELAY", "2s"}};

    const Parsed parsed = parse({"--retries", "1", "http://h/"}, environment);
    CHECK(parsed.config().policy.retries == 1);                         // flag
    CHECK(parsed.config().policy.backoff.base == Duration{2000});       // environment
    CHECK(parsed.config().limits.deadline == Duration{60'000});         // config file
    CHECK(parsed.config().policy.backoff.jitter == JitterMode::equal);  // config file
    CHECK(parsed.config().policy.backoff.cap == Duration{30'000});      // default

    CHECK(parse({"http://h/"}, environment).config().policy.retries == 6);
    CHECK(parse({"http://h/"}, {{"RFETCH_CONFIG", file.path()}}).config().policy.retries == 7);
    CHECK(parse({"http://h/"}).config().policy.retries == 5);
}

TEST_CASE("the default config file is read from XDG_CONFIG_HOME when present", "[precedence]") {
    const ConfigFile file("retries = 9\n");
    CHECK(parse({"http://h/"}, {{"XDG_CONFIG_HOME", file.xdg_home()}}).config().policy.retries ==
          9);
    CHECK(parse({"http://h/"}, {{"XDG_CONFIG_HOME", "/nonexistent"}}).config().policy.retries == 5);
    CHECK(parse({"--config", file.path(), "http://h/"}).config().policy.retries == 9);
}

TEST_CASE("bad settings from the environment or a config file are usage errors", "[precedence]") {
    const ConfigFile unknown("max_dealy = \"3s\"\n");
    CHECK(parse({"http://h/"}, {{"RFETCH_CONFIG", unknown.path()}}).command_line.exit_code == 2);
    CHECK(parse({"http://h/"}, {{"RFETCH_CONFIG", "/nonexistent.toml"}}).command_line.exit_code ==
          2);
    CHECK(parse({"--config", "/nonexistent.toml", "http://h/"}).command_line.exit_code == 2);
    CHECK(parse({"http://h/"}, {{"RFETCH_RETRIES", "lots"}}).command_line.exit_code == 2);
    CHECK_FALSE(parse({"http://h/"}, {{"RFETCH_RETRIES", "lots"}}).command_line.config);
}

TEST_CASE("repeated flags keep the last value, and repeated headers all count", "[precedence]") {
    const Parsed parsed =
        parse({"--retries", "1", "--retries", "2", "-H", "A: 1", "-H", "B: 2", "http://h/"});
    CHECK(parsed.config().policy.retries == 2);
    CHECK(parsed.config().request.headers.size() == 2);
}

TEST_CASE("the trace and request id flags take an optional value", "[trace]") {
    const Parsed bare = parse({"--traceparent", "--request-id", "http://h/"});
    CHECK(bare.config().targets.front().url == "http://h/");
    REQUIRE(bare.config().trace);
    CHECK_FALSE(bare.config().trace->has_value());
    REQUIRE(bare.config().request_id);
    CHECK(bare.config().request_id->size() == 36);

    const Parsed given =
        parse({"--traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
               "--request-id=abc", "http://h/"});
    REQUIRE(given.config().trace);
    REQUIRE(given.config().trace->has_value());
    CHECK((*given.config().trace)->trace_id == "4bf92f3577b34da6a3ce929d0e0e4736");
    CHECK(given.config().request_id == "abc");
    CHECK(given.config().request.headers.back().value == "abc");

    CHECK(parse({"--traceparent=nope", "http://h/"}).command_line.exit_code == 2);
    // The URL after a bare optional-value flag is still the URL.
    CHECK(parse({"--traceparent", "http://h/"}).config().targets.front().url == "http://h/");
    CHECK(parse({"--request-id", "http://h/"}).config().targets.front().url == "http://h/");
    CHECK_FALSE(parse({"http://h/"}).config().trace);
}

std::vector<std::string> urls_of(const Parsed& parsed) {
    std::vector<std::string> urls;
    for (const Target& target : parsed.config().targets) {
        urls.push_back(target.url);
    }
    return urls;
}

TEST_CASE("an optional-value flag never takes a URL as its value", "[trace]") {
    const std::vector<std::string> both{"http://a/1", "http://b/2"};
    const Parsed id = parse({"--request-id", "http://a/1", "http://b/2"});
    CHECK(urls_of(id) == both);
    REQUIRE(id.config().request_id);
    CHECK(id.config().request_id->size() == 36);

    const Parsed trace = parse({"--traceparent", "http://a/1", "http://b/2"});
    CHECK(urls_of(trace) == both);
    REQUIRE(trace.config().trace);
    CHECK_FALSE(trace.config().trace->has_value());

    // Both together, and later flags still read as flags.
    const Parsed together =
        parse({"--request-id", "HTTPS://a/1", "--traceparent", "http://b/2", "--retries", "3"});
    CHECK(urls_of(together) == std::vector<std::string>{"HTTPS://a/1", "http://b/2"});
    CHECK(together.config().policy.retries == 3);
    CHECK(together.config().request_id->size() == 36);

    // A word without "://" is the value, before a URL or after one; '=' always gives the value.
    const Parsed spaced = parse({"--request-id", "job-7", "http://a/1", "http://b/2"});
    CHECK(spaced.config().request_id == "job-7");
    CHECK(urls_of(spaced) == both);
    CHECK(parse({"http://a/1", "--request-id", "job-7"}).config().request_id == "job-7");
    const Parsed equals = parse({"--request-id=http://a/1", "http://b/2"});
    CHECK(equals.config().request_id == "http://a/1");
    CHECK(urls_of(equals) == std::vector<std::string>{"http://b/2"});
    const Parsed last = parse({"http://a/1", "--request-id"});
    CHECK(last.config().request_id->size() == 36);
}

TEST_CASE("data (-d) and JSON (--json) are joined in the order given, as curl joins them",
          "[body]") {
    const Parsed parsed = parse({"-d", "a", "--json", "b", "-d", "c", "--data=d", "http://h/"});
    CHECK(parsed.config().request.body == "ab&c&d");
    CHECK(parse({"--json", "[1,", "--json", "2]", "http://h/"}).config().request.body == "[1,2]");
}

TEST_CASE("a bad value from the config file names the file", "[precedence]") {
    const ConfigFile file("retries = \"lots\"\n");
    const Parsed parsed = parse({"--config", file.path(), "http://h/"});
    const Parsed from_environment = parse({"http://h/"}, {{"RFETCH_RETRIES", "many"}});
    CHECK(parsed.command_line.exit_code == 2);
    CHECK_FALSE(parsed.command_line.config);
    CHECK(from_environment.command_line.exit_code == 2);
    CHECK(parsed.command_line.refusal ==
          "--retries: 'lots' is not a whole number from 0 to 1000000 (in " + file.path() + ")");
    CHECK(from_environment.command_line.refusal ==
          "RFETCH_RETRIES: 'many' is not a whole number from 0 to 1000000");
}

TEST_CASE("a usage error is to be written as JSON only when --log json was asked for", "[usage]") {
    CHECK(parse({"--bogus", "--log", "json", "http://h/"}).command_line.messages ==
          LogFormat::json);
    CHECK(parse({"--log=json", "--retries", "lots", "http://h/"}).command_line.messages ==
          LogFormat::json);
    CHECK(parse({"--log=json", "--retries"}).command_line.messages == LogFormat::json);
    CHECK(parse({"--bogus", "http://h/"}).command_line.messages == LogFormat::text);
    CHECK(parse({"--log", "auto", "--bogus", "http://h/"}).command_line.messages ==
          LogFormat::text);
    // An invalid --log cannot say how to report itself.
    CHECK(parse({"--log", "jsn", "http://h/"}).command_line.messages == LogFormat::text);
    // The last --log wins, as it does for the log itself; after "--" is not a flag.
    CHECK(parse({"--log", "json", "--log", "text", "--bogus"}).command_line.messages ==
          LogFormat::text);
    CHECK(messages_format_in({"--", "--log=json"}) == LogFormat::text);
}

TEST_CASE("the config file's --log decides once the command line is read", "[usage]") {
    const ConfigFile file("log = \"json\"\n");
    const Parsed parsed = parse({"--config", file.path(), "--retries", "lots", "http://h/"});
    CHECK(parsed.command_line.refusal);
    CHECK(parsed.command_line.messages == LogFormat::json);
    CHECK(parse({"--config", file.path(), "http://h/"}).command_line.messages == LogFormat::json);
}

TEST_CASE("after the first --, the words are the command to run, unparsed", "[command]") {
    const Parsed parsed = parse(
        {"--until-status", "200", "http://a/1", "--", "make", "--retries", "test", "--", "x"});
    CHECK(parsed.config().command ==
          std::vector<std::string>{"make", "--retries", "test", "--", "x"});
    CHECK(urls_of(parsed) == std::vector<std::string>{"http://a/1"});
    // The command's words are not rfetch's: its --retries does not count as one.
    CHECK_FALSE(parsed.config().policy.retries);
    // Its body no longer goes to stdout, which is the command's.
    CHECK(parsed.config().targets.front().output == "/dev/null");

    const Parsed nothing = parse({"http://a/1", "--"});
    CHECK(nothing.command_line.exit_code == 2);
    REQUIRE(nothing.command_line.refusal);
    CHECK_THAT(*nothing.command_line.refusal, Catch::StartsWith("--: nothing follows it"));

    CHECK(parse({"http://a/1"}).config().command.empty());
}
