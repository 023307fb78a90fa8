#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/attempt_log.h"
#include "core/engine.h"
#include "core/retry_decider.h"
#include "core/trace_context.h"
#include "core/transport.h"
#include "core/write_out.h"

namespace rfetch {

/// Everything a run needs, checked and in the engine's own types.
struct Config {
    Request request;
    TransferSettings transfer;
    RetryPolicy policy;
    RunLimits limits;
    LogFormat log_format = LogFormat::json;
    /// The body's file, or stdout when empty.
    std::optional<std::string> output;
    bool create_dirs = false;
    /// Where -D writes the final response's head; "-" is stdout.
    std::optional<std::string> dump_header;
    bool include_head = false;
    /// --result: a JSON document on stdout in place of the body.
    bool result_document = false;
    std::optional<WriteOut> write_out;
    std::uint64_t buffer_limit = 8 * 1024 * 1024;
    std::optional<std::string> idempotency_key;
    std::optional<std::string> request_id;
    /// Set when a traceparent is sent; holds the trace to continue, if one was given.
    std::optional<std::optional<TraceParent>> trace;
    std::uint64_t seed = 0;
    bool no_fail = false;
};

}  // namespace rfetch
