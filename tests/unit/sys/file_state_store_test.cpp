#include "sys/file_state_store.h"

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "test_files.h"

using namespace rfetch;

namespace {

constexpr const char* kOrigin = "http://example.com:80";

// The store's warnings, as text lines.
struct Warnings {
    std::ostringstream text;
    StreamLineSink sink{text};
    LogChannel channel{LogFormat::text, "0123456789abcdef", sink};

    std::string str() const { return text.str(); }
};

// A directory made for the test alone (mkdtemp): a name from the process id could be one a
// crashed earlier run left behind, state and all.
class StateDir {
  public:
    // One level down, so the store has to create it.
    std::filesystem::path path() const { return dir_.path() / "rfetch"; }

  private:
    test::TempDir dir_;
};

std::string read_all(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void count_a_failure(StateStore& store) {
    store.update(kOrigin,
                 [](OriginState& state, WallTime) { ++state.breaker.consecutive_failures; });
}

std::size_t lines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE("an update creates the directory and one JSON file named after the origin",
          "[state-store]") {
    StateDir dir;
    Warnings warnings;
    FileStateStore store(dir.path(), warnings.channel);

    store.update(kOrigin, [](OriginState& state, WallTime) { state.budget.milli_tokens = 7'500; });

    const auto file = dir.path() / "http_example.com_80.json";
    CHECK(store.file_for(kOrigin) == file);
    const auto stored = parse_origin_state(read_all(file));
    REQUIRE(stored);
    CHECK(stored->origin == kOrigin);
    CHECK(stored->state.budget.milli_tokens == 7'500);
    CHECK(warnings.str().empty());
    CHECK(store.list().at(kOrigin).budget.milli_tokens == 7'500);
}

TEST_CASE("file names keep origins apart and stay short", "[state-store]") {
    StateDir dir;
    Warnings warnings;
    FileStateStore store(dir.path(), warnings.channel);
    CHECK(store.file_for("http://[::1]:8080").filename() == "http_%5B%3A%3A1%5D_8080.json");
    CHECK(store.file_for("https://a_b:443").filename() == "https_a%5Fb_443.json");
    const std::string a = "http://" + std::string(250, 'a') + ".x:80";
    const std::string b = "http://" + std::string(250, 'a') + ".y:80";
    CHECK(store.file_for(a) != store.file_for(b));
    CHECK(store.file_for(a).filename().string().size() < 200);
}

TEST_CASE("a corrupt file is reported once, read as empty, and replaced", "[state-store]") {
    StateDir dir;
    Warnings warnings;
    FileStateStore store(dir.path(), warnings.channel);
    std::filesystem::create_directories(dir.path());
    std::ofstream(store.file_for(kOrigin)) << "{\"origin\": \"http://exa";

    CHECK(store.list().empty());
    CHECK(store.list().empty());
    count_a_failure(store);
    count_a_failure(store);

    CHECK(lines(warnings.str()) == 1);
    CHECK_THAT(warnings.str(), Catch::Contains("is corrupt; treating it as empty"));
    CHECK_THAT(warnings.str(), Catch::Contains(store.file_for(kOrigin).string()));
    CHECK(store.list().at(kOrigin).breaker.consecutive_failures == 2);
}

TEST_CASE("a directory that cannot be written is reported once and never stops a run",
          "[state-store]") {
    StateDir dir;
    std::filesystem::create_directories(dir.path().parent_path());
    std::ofstream(dir.path()) << "a file where the directory should be";
    Warnings warnings;
    FileStateStore store(dir.path(), warnings.channel);

    int seen = -1;
    for (int i = 0; i < 3; ++i) {
        store.update(kOrigin, [&](OriginState& state, WallTime) {
            seen = state.breaker.consecutive_failures++;
        });
    }
    CHECK(seen == 0);  // each update starts from empty state
    CHECK(lines(warnings.str()) == 1);
    CHECK_THAT(warnings.str(), Catch::Contains("runs will not share state"));
}

TEST_CASE("updates from many threads at once lose nothing", "[state-store]") {
    StateDir dir;
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&dir] {
            Warnings warnings;
            FileStateStore store(dir.path(), warnings.channel);
            for (int i = 0; i < 40; ++i) {
                count_a_failure(store);
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    Warnings warnings;
    FileStateStore store(dir.path(), warnings.channel);
    CHECK(store.list().at(kOrigin).breaker.consecutive_failures == 8 * 40);
    CHECK(warnings.str().empty());
}

TEST_CASE("updates from many processes at once lose nothing", "[state-store]") {
    StateDir dir;
    std::vector<pid_t> children;
    for (int p = 0; p < 6; ++p) {
        const pid_t child = fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            Warnings warnings;
            FileStateStore store(dir.path(), warnings.channel);
            for (int i = 0; i < 40; ++i) {
                count_a_failure(store);
            }
            _exit(warnings.str().empty() ? 0 : 1);
        }
        children.push_back(child);
    }
    for (const pid_t child : children) {
        int status = 0;
        REQUIRE(waitpid(child, &status, 0) == child);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    Warnings warnings;
    FileStateStore store(dir.path(), warnings.channel);
    CHECK(store.list().at(kOrigin).breaker.consecutive_failures == 6 * 40);
    // Only the state file and the lock remain: no temporary file is left behind.
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{".lock", "http_example.com_80.json"});
}

TEST_CASE("reset forgets one origin, or every one", "[state-store]") {
    StateDir dir;
    Warnings warnings;
    FileStateStore store(dir.path(), warnings.channel);
    for (const char* origin : {"http://a:80", "http://b:80", "https://c:443"}) {
        store.update(origin,
                     [](OriginState& state, WallTime) { state.breaker.consecutive_failures = 1; });
    }
    CHECK(store.reset(std::string("http://b:80")));
    CHECK(store.list().size() == 2);
    CHECK(store.list().count("http://b:80") == 0);
    CHECK(store.reset(std::nullopt));
    CHECK(store.list().empty());

    FileStateStore nowhere(dir.path() / "never-made", warnings.channel);
    CHECK(nowhere.reset(std::nullopt));
    CHECK(nowhere.list().empty());
    CHECK(warnings.str().empty());
}
