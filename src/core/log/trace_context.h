#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/base/random.h"
#include "core/run/engine.h"

namespace rfetch {

/// A W3C Trace Context `traceparent` (https://www.w3.org/TR/trace-context/#traceparent-header):
/// version 00, a 32-hex-digit trace id, a 16-hex-digit parent id and two hex digits of flags.
struct TraceParent {
    std::string trace_id;
    std::string parent_id;
    std::string flags;
};

/// Reads a traceparent; nullopt unless it is well formed, version 00, with non-zero ids.
std::optional<TraceParent> parse_traceparent(std::string_view value);

std::string format_traceparent(const TraceParent& parent);

/// One trace for the whole run, a new span id for every attempt, so a server's logs tell the
/// attempts apart and still group them. Continues a given traceparent's trace and flags, or
/// starts a sampled trace.
class TraceHeaders final : public AttemptHeaders {
  public:
    TraceHeaders(std::optional<TraceParent> continued, Random& ids);
    std::vector<Header> for_attempt(int attempt) override;

  private:
    std::string random_id(std::size_t bytes);

    Random& ids_;
    std::string trace_id_;
    std::string flags_;
};

}  // namespace rfetch
