#include "app/run_many.h"

#include <memory>
#include <optional>
#include <string>
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
            not_ready[index] = found->second->run().result().reason;
        }
        fetches.erase(found);
    };

    RunScheduler scheduler(transport, context.clock, config.parallel ? config.parallel_max : 1,
                           interrupted);
    scheduler.run(config.targets.size(), start_fetch, end_fetch);

    summary.exit_code = combined_exit_code(exit_codes, received_signal());
    if (config.policy.polling) {
        summary.not_ready.emplace();
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
        summary.until_down = config.policy.polling->until_down;
