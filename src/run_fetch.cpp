#include "run_fetch.h"

#include <iostream>

#include "cli/exit_codes.h"
#include "core/attempt_log.h"
#include "core/engine.h"
#include "http/curl_handle.h"
#include "http/curl_transport.h"
#include "http/http_date.h"
#include "sys/file_state_store.h"
#include "sys/output_sink.h"
#include "sys/signals.h"
#include "sys/system_clock.h"

namespace rfetch {
namespace {

// Only a run that ends well writes a body, and only the final response's. A body that cannot
// be written turns the run into a write error, so the result event and the exit status agree.
int deliver_body(const Config& config, RunResult& result, int exit_code) {
    if (exit_code != kExitSuccess || !result.final_response || result.final_failure) {
        return exit_code;
    }
    const std::string& body = result.final_response->body;
    const WriteOutcome written =
        config.output ? write_to_path(*config.output, body) : write_to_stdout(body);
    if (written.status == WriteOutcome::Status::written) {
        return exit_code;
    }
    result.outcome = Outcome::write_error;
    if (written.status == WriteOutcome::Status::reader_gone) {
        // The reader chose to stop (`| head`): like curl, end quietly.
        result.reason = "the reader of stdout went away";
    } else {
        result.reason = written.error;
        if (config.log_format != LogFormat::json) {
            std::cerr << "rfetch: " << written.error << '\n';
        }
    }
    return kExitWriteError;
}

}  // namespace

int run_fetch(const Config& config) {
    CurlGlobal curl;
    CurlTransport transport(config.transfer, [] { return received_signal() != 0; });
    SystemClock clock;
    SeededRandom random(config.seed);
    RetryDecider decider(config.policy, random, parse_http_date);
    // Trace ids come from their own source: --seed must reproduce waits, never trace ids.
    SeededRandom id_random(fresh_seed());
    std::optional<TraceHeaders> trace;
    if (config.trace) {
        trace.emplace(*config.trace, id_random);
    }
    std::optional<FileStateStore> store;
    std::optional<OriginGuard> guard;
    if (config.shared.any()) {
        store.emplace(config.state_dir, std::cerr);
        guard.emplace(*store, config.origin, config.shared);
    }
    Engine engine(transport, clock, decider, config.limits, trace ? &*trace : nullptr,
                  guard ? &*guard : nullptr);

    auto log = make_event_log(config.log_format, std::cerr,
                              {config.request.method, config.request.url, config.seed,
                               config.idempotency_key, config.request_id});
    RunResult result = engine.run(config.request, *log);
    const int exit_code =
        deliver_body(config, result, exit_code_for(result, config.no_fail, received_signal()));
    log->on_result(result, exit_code);
    return exit_code;
}

}  // namespace rfetch
