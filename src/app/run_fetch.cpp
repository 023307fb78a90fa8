#include "app/run_fetch.h"

#include "app/fetch.h"
#include "app/run_many.h"
#include "http/curl_handle.h"
#include "http/curl_transport.h"
#include "sys/signals.h"
#include "sys/system_clock.h"

namespace rfetch {
namespace {

int run_one(const FetchContext& context) {
    Fetch fetch(context, 0);
    ExchangeSettings exchange{context.config.transfer, [] { return received_signal() != 0; }, {}};
    if (TerminalProgress* progress = fetch.progress()) {
        exchange.on_download = [progress](std::uint64_t received, std::uint64_t total) {
            progress->on_download(received, total);
        };
    }
    CurlTransport transport(std::move(exchange));
    drive(fetch.run(), transport);
    return fetch.finish(received_signal());
}

}  // namespace

int run_fetch(const Config& config, const LogChannel& messages) {
    CurlGlobal curl;
    SystemClock clock;
    RunPolicy policy(config, messages);
    const LogChannel events{config.log_format, messages.run_id, messages.sink};
    // The deadline bounds the whole invocation, from its start: a URL that starts late, behind
    // others, has only what is left.
    std::optional<TimePoint> deadline;
    if (config.limits.deadline) {
        deadline = clock.now() + *config.limits.deadline;
    }
    const bool many = config.targets.size() > 1 || config.parallel;
    const FetchContext context{config, events, policy, clock, deadline, many};
    return many ? run_many(context) : run_one(context);
}

}  // namespace rfetch
