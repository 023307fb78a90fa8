#include "app/run_fetch.h"

#include <algorithm>

#include "app/fetch.h"
#include "app/run_many.h"
#include "cli/exit_codes.h"
#include "core/log/log_channel.h"
#include "core/run/run_scheduler.h"
#include "http/curl_cookies.h"
#include "http/curl_handle.h"
#include "http/curl_multi_transport.h"
#include "http/curl_transport.h"
#include "sys/outputs.h"
#include "sys/signals.h"
#include "sys/stdout_reader.h"
#include "sys/system_clock.h"

namespace rfetch {
namespace {

// A hedged attempt runs its requests side by side, so its one URL goes through the
// scheduler and the multi transport, as -Z's URLs do.
void run_hedged(Fetch& fetch, ExchangeSettings exchange, Clock& clock) {
    CurlMultiTransport transport(std::move(exchange), signal_wakeup_fd(), stdout_watch_fd);
    RunScheduler scheduler(transport, clock, 1, [] { return received_signal() != 0; });
    scheduler.run(
        1, [&fetch](std::size_t) -> RetryRun& { return fetch.run(); }, [](std::size_t) {});
}

int run_one(const FetchContext& context) {
    Fetch fetch(context, 0);
    ExchangeSettings exchange{context.config.transfer,
                              [] { return received_signal() != 0; },
                              {},
                              context.cookies != nullptr ? context.cookies->share() : nullptr};
    exchange.longest_redirect_wait = context.config.policy.max_retry_after;
    exchange.libcurl_source = context.libcurl_source;
    // A signal wakes the clock's waits, and ends a wait for a redirect as it ends any other.
    exchange.wait_for = [&clock = context.clock](Duration d) { return clock.wait_for(d); };
    if (TerminalProgress* progress = fetch.progress()) {
        exchange.on_download = [progress](std::uint64_t received, std::uint64_t total) {
            progress->on_download(received, total);
        };
        exchange.wait_for = [progress](Duration d) { return progress->wait_to_follow(d); };
    }
    if (context.config.hedge) {
        run_hedged(fetch, std::move(exchange), context.clock);
    } else {
        CurlTransport transport(std::move(exchange));
        drive(fetch.run(), transport);
    }
    return fetch.finish(received_signal());
}

// What is written once every URL is done, whatever their outcome (the cookie jar, the heads
// of -D FILE): a file that cannot take it fails a run that had succeeded.
int write_after_run(const std::string& path, std::string_view flag, std::string_view bytes,
                    const Config& config, const LogChannel& messages, int exit_code) {
    const auto output = path == "-" ? stdout_output() : path_output(path, config.create_dirs);
    if (const WriteStatus status = write_whole(*output, bytes); !status.ok()) {
        log_error(messages, std::string(flag) + ": " + status.describe(), kExitWriteError);
        return exit_code == kExitSuccess ? kExitWriteError : exit_code;
    }
    return exit_code;
}

}  // namespace

int run_fetch(const Config& config, const LogChannel& messages, FixedPace* pace) {
    // As curl's, a warning is silenced with the rest of the log (-s, also with -S).
    if (config.log_format == LogFormat::json || config.log_format == LogFormat::text) {
        for (const std::string& warning : config.warnings) {
            log_warning(messages, warning);
        }
    }
    CurlGlobal curl;
    // A wait ends when stdout's reader goes, if a body goes there: a run whose body goes to a
    // file (or nowhere, before a command after --) waits on, whatever became of stdout.
    watch_stdout_reader(std::ranges::any_of(
        config.targets, [](const Target& target) { return !target.output.has_value(); }));
    SystemClock clock;
    RunPolicy policy(config, messages, pace);
    const LogChannel events{config.log_format, messages.run_id, messages.sink};
    // The deadline bounds the whole invocation, from its start: a URL that starts late, behind
    // others, has only what is left.
    std::optional<TimePoint> deadline;
    if (config.limits.deadline) {
        deadline = clock.now() + *config.limits.deadline;
    }
    const bool many = config.targets.size() > 1 || config.parallel;
    // Before the transports, whose handles must let go of it first.
    std::optional<CurlCookieStore> cookies;
    if (config.transfer.cookie_engine) {
        cookies.emplace(config.cookie_files, config.junk_session_cookies);
    }
    // curl's -D FILE with many URLs: one file holds every URL's head, in input order, written
    // whole once they are done (curl appends each as its transfer ends).
    const bool heads_together = many && config.dump_header && *config.dump_header != "-";
    std::vector<std::string> heads(heads_together ? config.targets.size() : 0);
    std::optional<LibcurlSource> libcurl;
    if (config.libcurl_file) {
        libcurl.emplace();
    }
    const FetchContext context{config,
                               events,
                               policy,
                               clock,
                               deadline,
                               many,
                               cookies ? &*cookies : nullptr,
                               heads_together ? &heads : nullptr,
                               libcurl ? &*libcurl : nullptr};
    int exit_code = many ? run_many(context) : run_one(context);
    if (heads_together) {
        std::string joined;
        for (const std::string& head : heads) {
            joined += head;
        }
        exit_code = write_after_run(*config.dump_header, "--dump-header", joined, config, messages,
                                    exit_code);
    }
    if (config.unread_upload) {
        // curl's read error, once the files before the one that could not be read are sent.
        log_error(messages, *config.unread_upload, kExitReadError);
        exit_code = exit_code == kExitSuccess ? kExitReadError : exit_code;
    }
    if (libcurl) {
        // As curl, whatever the outcome, once the transfer was set up.
        exit_code = write_after_run(*config.libcurl_file, "--libcurl", libcurl->program(), config,
                                    messages, exit_code);
    }
    if (cookies && config.cookie_jar) {
        // As curl, whatever the outcome: the jar holds what the servers set.
        exit_code = write_after_run(*config.cookie_jar, "--cookie-jar", cookies->netscape_text(),
                                    config, messages, exit_code);
    }
    return exit_code;
}

}  // namespace rfetch
