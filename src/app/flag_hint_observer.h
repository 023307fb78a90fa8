#pragma once

#include "cli/flag_hints.h"
#include "core/run/engine.h"

namespace rfetch {

/// Words each attempt's reason with the flag that would have changed it, before the log and
/// the progress line see it.
class FlagHintObserver final : public AttemptObserver {
  public:
    explicit FlagHintObserver(AttemptObserver& next) : next_(next) {}

    void on_attempt(const AttemptRecord& record) override {
        if (record.decision.setting == Setting::none) {
            next_.on_attempt(record);
            return;
        }
        AttemptRecord worded = record;
        worded.decision.reason = with_flag_hint(record.decision.reason, record.decision.setting);
        next_.on_attempt(worded);
    }
    void on_waiting(WaitReason why) override { next_.on_waiting(why); }
    void on_wait(const WaitRecord& record) override { next_.on_wait(record); }
    void on_hedge(const HedgeRecord& record) override { next_.on_hedge(record); }

  private:
    AttemptObserver& next_;
};

}  // namespace rfetch
