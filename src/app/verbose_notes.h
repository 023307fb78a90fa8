#pragma once

#include "core/log/log_channel.h"
#include "core/run/engine.h"

namespace rfetch {

/// With -v, says which of a response's waiting fields (Retry-After, RateLimit, ...) were
/// malformed and so ignored, in curl's "* " style beside the heads; then passes the attempt on.
class VerboseNotes final : public ForwardingObserver {
  public:
    VerboseNotes(LineSink& sink, AttemptObserver& next) : ForwardingObserver(next), sink_(sink) {}

    void on_attempt(const AttemptRecord& record) override {
        for (const std::string& field : record.decision.ignored_fields) {
            sink_.write_line("* Ignored " + field);
        }
        next().on_attempt(record);
    }

  private:
    LineSink& sink_;
};

}  // namespace rfetch
