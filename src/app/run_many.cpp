#include "app/run_many.h"

#include <memory>
#include <unordered_map>

#include "cli/exit_codes.h"
#include "core/run/run_scheduler.h"
#include "http/curl_multi_transport.h"
#include "sys/signals.h"

namespace rfetch {

int run_many(const FetchContext& context) {
    const Config& config = context.config;
    const TimePoint started = context.clock.now();
    const auto interrupted = [] { return received_signal() != 0; };
    // Declared before the transport, so that the fetches outlive the transfers writing to them.
    std::unordered_map<std::size_t, std::unique_ptr<Fetch>> fetches;
    CurlMultiTransport transport(
        {config.transfer, interrupted, {}, context.cookies ? context.cookies->share() : nullptr},
        signal_wakeup_fd());

    auto start_fetch = [&](std::size_t index) -> RetryRun& {
        auto& fetch = fetches[index];
        fetch = std::make_unique<Fetch>(context, index);
        return fetch->run();
    };

    std::vector<int> exit_codes(config.targets.size(), kExitSuccess);
    Summary summary;
    summary.urls = config.targets.size();
    auto end_fetch = [&](std::size_t index) {
        const auto found = fetches.find(index);
        exit_codes[index] = found->second->finish(received_signal());
        if (exit_codes[index] == kExitSuccess) {
            ++summary.succeeded;
        } else {
            ++summary.failed;
        }
        fetches.erase(found);
    };

    RunScheduler scheduler(transport, context.clock, config.parallel ? config.parallel_max : 1,
                           interrupted);
    scheduler.run(config.targets.size(), start_fetch, end_fetch);

    summary.exit_code = combined_exit_code(exit_codes, received_signal());
    summary.elapsed = std::chrono::duration_cast<Duration>(context.clock.now() - started);
    log_summary(context.events, summary);
    return summary.exit_code;
}

}  // namespace rfetch
