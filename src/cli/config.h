#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/transport.h"
#include "core/log/attempt_log.h"
#include "core/log/trace_context.h"
#include "core/report/write_out.h"
#include "core/retry/retry_decider.h"
#include "core/run/engine.h"
#include "core/run/hedge_policy.h"
#include "core/state/origin_guard.h"
#include "sys/state_url.h"

namespace rfetch {

/// curl's -T for one target: what it sends in place of the request's body (which has none).
struct Upload {
    /// PUT, or -X's method.
    std::string method;
    /// The file's bytes (from -C's offset on), shared by the targets that send the same file.
    std::shared_ptr<const std::string> bytes;
    /// Sent besides the request's: an empty Content-Type, so that libcurl adds none (curl's
    /// upload has none), and -C's Content-Range.
    std::vector<Header> headers;
};

/// One URL to fetch, or a tcp:// address to connect to, and where its body goes.
struct Target {
    std::string url;
    /// The body's file, or stdout when empty.
    std::optional<std::string> output;
    /// scheme://host:port, for the state shared with other runs; set only when state is kept
    /// (shared limits or the adaptive pace).
    std::string origin;
    /// curl's -C: the body from this byte on, appended to the output file.
    std::uint64_t resume_from = 0;
    /// The file is named like the URL (-O, --remote-name-all), which curl's -J may rename.
    bool named_remotely = false;
    /// Which URL as given this target comes from (the command line's in order, then --urls'):
    /// the -o, -O and -T of that place are its, as curl binds them.
    std::size_t given = 0;
    /// curl's -T bound to this target's URL; a URL without one is fetched as with no -T.
    std::optional<Upload> upload{};
};

/// Everything a run needs, checked and in the engine's own types.
struct Config {
    /// What every URL is sent; each target supplies its URL, and an upload its method, body
    /// and headers (see request_for).
    Request request;
    /// At least one.
    std::vector<Target> targets;
    /// -Z: the targets are fetched at once, up to parallel_max of them, rather than in order.
    bool parallel = false;
    std::size_t parallel_max = 50;
    /// --rate: at most one attempt starts in each such interval, across every URL and transfer.
    std::optional<Duration> pace_interval;
    /// --rate auto: each origin's attempts take tokens from a bucket whose rate adapts to the
    /// origin's throttling, kept with the shared state.
    bool adaptive_pace = false;
    TransferSettings transfer;
    RetryPolicy policy;
    RunLimits limits;
    LogFormat log_format = LogFormat::json;
    bool create_dirs = false;
    /// curl's -J: a -O file takes the name the response's Content-Disposition offers.
    bool remote_header_name = false;
    /// curl's --clobber (true) and --no-clobber (false); by default a file named on the command
    /// line is replaced and one named by the server is not.
    std::optional<bool> clobber;
    /// Where -D writes the final response's head; "-" is stdout. With many URLs a file holds
    /// every URL's head, in input order.
    std::optional<std::string> dump_header;
    bool include_head = false;
    /// A download bar and a retry countdown on stderr, for a person at a terminal.
    bool show_progress = false;
    /// curl's --stderr: the file stderr is sent to before the run; "-" is stdout.
    std::optional<std::string> stderr_file;
    /// --result: a JSON document on stdout in place of the body.
    bool result_document = false;
    std::optional<WriteOut> write_out;
    std::uint64_t buffer_limit = std::uint64_t{8} * 1024 * 1024;
    std::optional<std::string> idempotency_key;
    std::optional<std::string> request_id;
    /// --attempt-header: the name of the header that carries each attempt's number.
    std::optional<std::string> attempt_header;
    /// --hedge-after and --hedge-max: each attempt a race of requests.
    std::optional<HedgePolicy> hedge;
    /// Set when a traceparent is sent; holds the trace to continue, if one was given.
    std::optional<std::optional<TraceParent>> trace;
    std::uint64_t seed = 0;
    bool no_fail = false;
    /// --fail-with-body: the body of a final status >= 400 is written, and the exit status is
    /// still 22.
    bool fail_with_body = false;
    /// --retry-budget and --circuit-breaker; with either, a run keeps state for its target's
    /// origin (scheme://host:port of the URL as given) in state_dir.
    SharedLimits shared;
    std::string state_dir;
    /// -b FILE: cookie files read once, before the first attempt.
    std::vector<std::string> cookie_files;
    /// curl's -j: the session cookies of those files (no expiry) are left out.
    bool junk_session_cookies = false;
    /// How many URLs the --next parts before this one had, for curl's %{urlnum}, which counts on.
    std::size_t urls_before = 0;
    /// curl's -R: an output file takes the time of the final response's Last-Modified.
    bool remote_time = false;
    /// curl's --fail-early: after the first URL that fails, no other URL (or --next part) runs.
    bool fail_early = false;
    /// -c: where every cookie is written once the run is over; "-" is stdout.
    std::optional<std::string> cookie_jar;
    /// --libcurl: where the C program that makes the first request goes; "-" is stdout.
    std::optional<std::string> libcurl_file;
    /// --etag-save: where the final response's ETag goes, when it has one.
    std::optional<std::string> etag_save;
    /// --state-url: the state kept in Redis rather than in state_dir.
    std::optional<StateUrl> state_url;
    /// --state-timeout: each command to the Redis store; connecting may take twice as long.
    Duration state_timeout{100};
    /// `-- COMMAND ARGS...`: run in rfetch's place once the run succeeds, never when it failed.
    std::vector<std::string> command;
    /// curl's -T file that cannot be read, after the first: why. The targets before it are
    /// fetched, and then the run fails with curl's read error, as curl's does.
    std::optional<std::string> unread_upload;
    /// What the command line asks that curl would warn about (more -o than URLs, -r 4 taken as
    /// 4-, a -d file that cannot be opened sent as an empty piece), written before the run
    /// unless the log is silenced.
    std::vector<std::string> warnings;
};

/// --state or --reset-state: look after the shared state instead of fetching.
struct StateCommand {
    enum class Action { show, reset } action = Action::show;
    std::string state_dir;
    std::optional<StateUrl> state_url;
    Duration state_timeout{100};
    /// Only with reset: the one origin to clear; nullopt clears every origin.
    std::optional<std::string> origin;
};

}  // namespace rfetch
