#include "run_many.h"

#include <memory>
#include <unordered_map>

#include "cli/exit_codes.h"
#include "core/attempt_log.h"
#include "core/retry_run.h"
#include "core/run_scheduler.h"
#include "http/curl_multi_transport.h"
#include "run_output.h"
#include "run_policy.h"
#include "sys/signals.h"
#include "sys/system_clock.h"

namespace rfetch {
namespace {

// One target's run and everything it writes to, alive only while the run is under way.
struct Fetch {
    Request request;
    std::optional<RetryDecider> decider;
    std::unique_ptr<Output> output;
    std::unique_ptr<EventLog> log;
    std::optional<Delivery> delivery;
    std::unique_ptr<OriginGuard> guard;
    std::optional<RetryRun> run;
};

}  // namespace

int run_many(const Config& config, const LogChannel& messages) {
    SystemClock clock;
    const TimePoint started = clock.now();
    // The deadline bounds the whole invocation: a URL that starts late has only what is left.
    std::optional<TimePoint> deadline;
    if (config.limits.deadline) {
        deadline = started + *config.limits.deadline;
    }
    RunPolicy policy(config, messages);
    const LogChannel events{config.log_format, messages.run_id, messages.sink};
    const auto interrupted = [] { return received_signal() != 0; };
    // Declared before the transport, so that the fetches outlive the transfers writing to them.
    std::unordered_map<std::size_t, Fetch> fetches;
    CurlMultiTransport transport({config.transfer, interrupted, {}}, signal_wakeup_fd());

    auto start_fetch = [&](std::size_t index) -> RetryRun& {
        const Target& target = config.targets[index];
        Fetch& fetch = fetches[index];
        fetch.request = config.request;
        fetch.request.url = target.url;
        fetch.output = body_output(config, target);
        fetch.log =
            make_event_log(events, clock,
                           {config.request.method, target.url, config.seed, config.idempotency_key,
                            config.request_id, config.policy.polling.has_value(), index});
        RetryDecider& decider = fetch.decider.emplace(policy.make_decider());
        fetch.delivery.emplace(*fetch.output, delivery_policy(config, target),
                               [&decider, &method = config.request.method](const Response& head) {
                                   return decider.ends_run(method, head);
                               });
        fetch.guard = policy.guard_for(config, target);
        return fetch.run.emplace(fetch.request, *fetch.delivery, *fetch.log, clock, decider,
                                 config.limits, deadline, policy.trace(), fetch.guard.get());
    };

    std::vector<int> exit_codes(config.targets.size(), kExitSuccess);
    Summary summary;
    summary.urls = config.targets.size();
    auto end_fetch = [&](std::size_t index) {
        const auto found = fetches.find(index);
        Fetch& fetch = found->second;
        RunResult& result = fetch.run->result();
        exit_codes[index] = write_reports(config, config.targets[index], result,
                                          exit_code_for(result, config.no_fail, received_signal()));
        fetch.log->on_result(result, exit_codes[index]);
        if (exit_codes[index] == kExitSuccess) {
            ++summary.succeeded;
        } else {
            ++summary.failed;
        }
        fetches.erase(found);
    };

    RunScheduler scheduler(transport, clock, config.parallel ? config.parallel_max : 1,
                           interrupted);
    scheduler.run(config.targets.size(), start_fetch, end_fetch);

    summary.exit_code = combined_exit_code(exit_codes, received_signal());
    summary.elapsed = std::chrono::duration_cast<Duration>(clock.now() - started);
    log_summary(events, summary);
    return summary.exit_code;
}

}  // namespace rfetch
