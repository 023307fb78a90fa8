#include "sys/terminal_progress.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace rfetch;

namespace {

// Time that moves only as the display waits.
class SteppingClock final : public Clock {
  public:
    TimePoint now() const override { return steady_; }
    WallTime wall_now() const override { return WallTime{} + steady_.time_since_epoch(); }
    bool wait_for(Duration d) override {
        waited += d;
        steady_ += d;
        return true;
    }

    Duration waited{0};

  private:
    TimePoint steady_{std::chrono::hours(1)};
};

class NoLog final : public AttemptObserver {
  public:
    void on_attempt(const AttemptRecord&) override {}
};

// What the display wrote to its terminal.
class Screen {
  public:
    Screen() : file_(open_memstream(&bytes_, &size_)) {}
    ~Screen() {
        std::fclose(file_);
        std::free(bytes_);
    }
    Screen(const Screen&) = delete;
    Screen& operator=(const Screen&) = delete;

    std::FILE* file() { return file_; }
    std::string shown() {
        std::fflush(file_);
        return std::string(bytes_, size_);
    }

  private:
    char* bytes_ = nullptr;
    std::size_t size_ = 0;
    std::FILE* file_;
};

}  // namespace

TEST_CASE("a terminal shows the wait for a redirect's Retry-After while it lasts", "[progress]") {
    Screen screen;
    SteppingClock clock;
    NoLog log;
    TerminalProgress progress(screen.file(), log, clock);

    CHECK(progress.wait_to_follow(Duration{250}));

    const std::string shown = screen.shown();
    CHECK(clock.waited == Duration{250});
    CHECK(shown.find("rfetch: waiting to follow a redirect") != std::string::npos);
    // Gone once the wait is over, so that the log reads as it would without it.
    CHECK(shown.ends_with("\r\x1b[K"));
}
