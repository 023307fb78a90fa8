#include "run_fetch.h"

#include "cli/exit_codes.h"
#include "core/attempt_log.h"
#include "core/engine.h"
#include "http/curl_handle.h"
#include "http/curl_transport.h"
#include "run_many.h"
#include "run_output.h"
#include "run_policy.h"
#include "sys/signals.h"
#include "sys/system_clock.h"
#include "sys/terminal_progress.h"

namespace rfetch {
namespace {

int run_one(const Config& config, const Target& target, const LogChannel& messages) {
    Request request = config.request;
    request.url = target.url;
    SystemClock system_clock;
    auto log = make_event_log({config.log_format, messages.run_id, messages.sink}, system_clock,
                              {request.method, request.url, config.seed, config.idempotency_key,
                               config.request_id, config.policy.polling.has_value(), std::nullopt});
    // For a person at a terminal, the progress line stands between the engine and both the
    // clock and the log.
    std::optional<TerminalProgress> progress;
    Clock* clock = &system_clock;
    AttemptObserver* observer = log.get();
    if (config.show_progress) {
        progress.emplace(stderr, *log, system_clock);
        clock = &*progress;
        observer = &*progress;
    }

    ExchangeSettings exchange{config.transfer, [] { return received_signal() != 0; }, {}};
    if (progress) {
        exchange.on_download = [&](std::uint64_t received, std::uint64_t total) {
            progress->on_download(received, total);
        };
    }
    CurlTransport transport(std::move(exchange));
    RunPolicy policy(config, messages);
    RetryDecider decider = policy.make_decider();
    const auto guard = policy.guard_for(config, target);
    Engine engine(transport, *clock, decider, config.limits, policy.trace(), guard.get());

    const auto output = body_output(config, target);
    Delivery delivery(*output, delivery_policy(config, target),
                      [&](const Response& head) { return decider.ends_run(request.method, head); });
    RunResult result = engine.run(request, delivery, *observer);
    if (progress) {
        progress->clear();
    }
    const int exit_code = write_reports(config, target, result,
                                        exit_code_for(result, config.no_fail, received_signal()));
    log->on_result(result, exit_code);
    return exit_code;
}

}  // namespace

int run_fetch(const Config& config, const LogChannel& messages) {
    CurlGlobal curl;
    if (config.targets.size() == 1 && !config.parallel) {
        return run_one(config, config.targets.front(), messages);
    }
    return run_many(config, messages);
}

}  // namespace rfetch
