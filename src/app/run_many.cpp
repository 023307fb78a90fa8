#include "app/run_many.h"

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "cli/exit_codes.h"
#include "core/run/run_scheduler.h"
#include "http/curl_multi_transport.h"
#include "sys/signals.h"
#include "sys/stdout_reader.h"

namespace rfetch {

int run_many(const FetchContext& context) {
    const Config& config = context.config;
    const TimePoint started = context.clock.now();
    const auto interrupted = [] { return received_signal() != 0; };
    // Declared before the transport, so that the fetches outlive the transfers writing to them.
    std::unordered_map<std::size_t, std::unique_ptr<Fetch>> fetches;
    ExchangeSettings exchange{config.transfer,
                              interrupted,
                              {},
                              context.cookies != nullptr ? context.cookies->share() : nullptr};
    exchange.longest_redirect_wait = config.policy.max_retry_after;
    exchange.libcurl_source = context.libcurl_source;
    CurlMultiTransport transport(std::move(exchange), signal_wakeup_fd(), stdout_watch_fd);

    auto start_fetch = [&](std::size_t index) -> RetryRun& {
        auto& fetch = fetches[index];
        fetch = std::make_unique<Fetch>(context, index);
        return fetch->run();
    };

    std::vector<int> exit_codes(config.targets.size(), kExitSuccess);
    // The exit codes of the runs that ended by themselves: a poll abandoned when another
    // target failed for good leaves the status to that target.
    std::vector<int> own_exit_codes(config.targets.size(), kExitSuccess);
    // A poll's summary names the targets that were not ready, and why.
    std::vector<std::optional<std::string>> not_ready(config.targets.size());
    Summary summary;
    summary.urls = config.targets.size();
    auto end_fetch = [&](std::size_t index) {
        const auto found = fetches.find(index);
        exit_codes[index] = found->second->finish(received_signal());
        if (exit_codes[index] == kExitSuccess) {
            ++summary.succeeded;
        } else {
            ++summary.failed;
            const RunResult& result = found->second->run().result();
            not_ready[index] = result.reason;
            if (result.outcome != Outcome::abandoned) {
                own_exit_codes[index] = exit_codes[index];
            }
        }
        fetches.erase(found);
    };

    // A poll waits for every target at once, each at its own interval: the cap on downloads
    // under way holds none of them back, or a target beyond it would never be polled.
    const std::size_t max_active = config.policy.polling ? config.targets.size()
                                   : config.parallel     ? config.parallel_max
                                                         : 1;
    RunScheduler scheduler(transport, context.clock, max_active, interrupted);
    scheduler.wait_together(config.policy.polling &&
                            config.policy.polling->keep_polling_when_ready);
    // curl's --fail-early: the first URL that fails ends the run; the others are not sent.
    scheduler.stop_starting_when([&] { return config.fail_early && summary.failed > 0; });
    scheduler.run(config.targets.size(), start_fetch, end_fetch);

    summary.exit_code = combined_exit_code(own_exit_codes, received_signal());
    if (summary.exit_code == kExitSuccess) {
        summary.exit_code = combined_exit_code(exit_codes, received_signal());
    }
    if (config.policy.polling) {
        summary.not_ready.emplace();
        summary.until_down = config.policy.polling->until_down;
        for (std::size_t index = 0; index < not_ready.size(); ++index) {
            if (not_ready[index]) {
                summary.not_ready->push_back(
                    {index, config.targets[index].url, std::move(*not_ready[index])});
            }
        }
    }
    summary.elapsed = std::chrono::duration_cast<Duration>(context.clock.now() - started);
    log_summary(context.events, summary);
    return summary.exit_code;
}

}  // namespace rfetch
