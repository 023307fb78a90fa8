#pragma once

#include "core/log/log_channel.h"
#include "core/run/engine.h"

namespace rfetch {

/// With -v, says which of a response's waiting fields (Retry-After, RateLimit, ...) were
/// malformed and so ignored, in curl's "* " style beside the heads; then passes the attempt on.
class VerboseNotes final : public AttemptObserver {
  public:
    VerboseNotes(LineSink& sink, AttemptObserver& next) : sink_(sink), next_(next) {}

    void on_attempt(const AttemptRecord& record) override {
        for (const std::string& field : record.decision.ignored_fields) {
            sink_.write_line("* Ignored " + field);
        }
        next_.on_attempt(record);
    }
    void on_hedge(const HedgeRecord& record) override { next_.on_hedge(record); }

  private:
    LineSink& sink_;
    AttemptObserver& next_;
};

}  // namespace rfetch
