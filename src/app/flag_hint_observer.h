#pragma once

#include "cli/flag_hints.h"
#include "core/run/engine.h"

namespace rfetch {

/// Words each attempt's reason with the flag that would have changed it, before the log and
/// the progress line see it.
class FlagHintObserver final : public ForwardingObserver {
  public:
    using ForwardingObserver::ForwardingObserver;

    void on_attempt(const AttemptRecord& record) override {
        if (record.decision.setting == Setting::none) {
            next().on_attempt(record);
            return;
        }
        AttemptRecord worded = record;
        worded.decision.reason = with_flag_hint(record.decision.reason, record.decision.setting);
        next().on_attempt(worded);
    }
};

}  // namespace rfetch
