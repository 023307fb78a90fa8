#include "run_fetch.h"

#include <algorithm>
#include <iostream>

#include "cli/exit_codes.h"
#include "core/ascii.h"
#include "core/attempt_log.h"
#include "core/engine.h"
#include "core/run_report.h"
#include "http/curl_handle.h"
#include "http/curl_transport.h"
#include "http/http_date.h"
#include "sys/file_state_store.h"
#include "sys/outputs.h"
#include "sys/signals.h"
#include "sys/system_clock.h"
#include "sys/terminal_progress.h"

namespace rfetch {
namespace {

DeliveryPolicy delivery_policy(const Config& config) {
    DeliveryPolicy policy;
    policy.buffer_limit = config.buffer_limit;
    policy.write_body = !config.result_document;
    policy.may_stream = !config.result_document && !config.policy.polling;
    policy.include_head = config.include_head;
    policy.deliver_errors = config.no_fail;
    // A Range of the user's own already picks the bytes; rfetch's would clash with it.
    policy.may_resume = config.request.method == "GET" &&
                        std::ranges::none_of(config.request.headers, [](const Header& header) {
                            return equals_ignoring_case(header.name, "Range") ||
                                   equals_ignoring_case(header.name, "If-Range");
                        });
    return policy;
}

std::unique_ptr<Output> body_output(const Config& config) {
    return config.output ? path_output(*config.output, config.create_dirs) : stdout_output();
}

WriteStatus write_to(const std::string& path, std::string_view bytes, bool create_dirs) {
    const auto output = path == "-" ? stdout_output() : path_output(path, create_dirs);
    return write_whole(*output, bytes);
}

// What the run reports besides the body, each only when asked for: the head (-D), the
// document (--result), the write-out (-w). A report that cannot be written fails the run as
// a body would.
int write_reports(const Config& config, RunResult& result, int exit_code) {
    const RunReport report{result, config.request.method, config.request.url, exit_code};
    std::vector<std::pair<std::string, std::string>> reports;
    if (config.dump_header && result.final_response) {
        reports.emplace_back(*config.dump_header, result.final_response->raw_head);
    }
    if (config.result_document) {
        reports.emplace_back("-", result_document(report));
    }
    if (config.write_out) {
        reports.emplace_back("-", config.write_out->render(report));
    }
    for (const auto& [path, bytes] : reports) {
        const WriteStatus status = write_to(path, bytes, config.create_dirs);
        if (!status.ok()) {
            result.outcome = Outcome::write_error;
            result.reader_gone = status.kind == WriteStatus::Kind::reader_gone;
            result.reason = status.describe();
            return kExitWriteError;
        }
    }
    return exit_code;
}

}  // namespace

int run_fetch(const Config& config) {
    CurlGlobal curl;
    SystemClock system_clock;
    auto log = make_event_log(
        config.log_format, std::cerr,
        {config.request.method, config.request.url, config.seed, config.idempotency_key,
         config.request_id, config.policy.polling.has_value()});
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

    CurlTransport transport(
        config.transfer, [] { return received_signal() != 0; },
        progress
            ? CurlTransport::DownloadListener([&](std::uint64_t received, std::uint64_t total) {
                  progress->on_download(received, total);
              })
            : CurlTransport::DownloadListener());
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
    Engine engine(transport, *clock, decider, config.limits, trace ? &*trace : nullptr,
                  guard ? &*guard : nullptr);

    const auto output = body_output(config);
    Delivery delivery(*output, delivery_policy(config), [&](const Response& head) {
        return decider.ends_run(config.request.method, head);
    });
    RunResult result = engine.run(config.request, delivery, *observer);
    if (progress) {
        progress->clear();
    }
    const int exit_code =
        write_reports(config, result, exit_code_for(result, config.no_fail, received_signal()));
    log->on_result(result, exit_code);
    return exit_code;
}

}  // namespace rfetch
