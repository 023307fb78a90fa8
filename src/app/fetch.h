#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include "app/flag_hint_observer.h"
#include "app/run_policy.h"
#include "app/verbose_notes.h"
#include "cli/config.h"
#include "core/base/clock.h"
#include "core/base/random.h"
#include "core/log/attempt_log.h"
#include "core/retry/retry_decider.h"
#include "core/run/delivery.h"
#include "core/run/retry_run.h"
#include "http/curl_cookies.h"
#include "http/libcurl_source.h"
#include "sys/terminal_progress.h"

namespace rfetch {

/// What the fetches of one invocation share: its config and policy, its clock, and its
/// deadline, which runs from rfetch's start for one URL as for many.
struct FetchContext {
    const Config& config;
    /// Where the attempt log goes, in the format the config asks for.
    const LogChannel& events;
    RunPolicy& policy;
    Clock& clock;
    std::optional<TimePoint> deadline;
    /// Many URLs: each event names its URL's place, and no progress line is drawn.
    bool many = false;
    /// The cookie store every transfer shares, when cookies are kept (-b FILE, -c).
    const CurlCookieStore* cookies = nullptr;
    /// -D FILE with many URLs: each URL's head, by index, kept for the one file that is
    /// written once they are all done; nullptr writes each URL's head itself.
    std::vector<std::string>* dumped_heads = nullptr;
    /// --libcurl: where the first exchange notes its options.
    LibcurlSource* libcurl_source = nullptr;
};

/// One target's run and everything it writes to, built in this one place for one URL and for
/// many, so that the two paths cannot drift. Not movable: the run holds on to its parts.
class Fetch {
  public:
    Fetch(const FetchContext& context, std::size_t index);
    Fetch(const Fetch&) = delete;
    Fetch& operator=(const Fetch&) = delete;

    RetryRun& run() { return *run_; }
    /// The progress line, when a person watches stderr.
    TerminalProgress* progress() { return progress_ ? &*progress_ : nullptr; }

    /// Once the run is done: writes the reports and the result event, and returns the exit
    /// status.
    int finish(int signal);

  private:
    const Config& config_;
    const Target& target_;
    std::string* dumped_head_;
    /// Where the body goes: the target's file, or the name -J gave it; nullopt for stdout.
    std::optional<std::string> filename_;
    Request request_;
    SeededRandom random_;
    RetryDecider decider_;
    std::unique_ptr<EventLog> log_;
    std::optional<TerminalProgress> progress_;
    std::optional<FlagHintObserver> hints_;
    std::optional<VerboseNotes> notes_;
    std::unique_ptr<Output> output_;
    std::optional<Delivery> delivery_;
    std::unique_ptr<OriginGuard> guard_;
    std::unique_ptr<AttemptPacer> pacer_;
    std::optional<RetryRun> run_;
};

}  // namespace rfetch
