#pragma once

#include <string>
#include <string_view>

#include "core/base/transport.h"
#include "core/retry/decision.h"
#include "core/retry/retry_set.h"

namespace rfetch {

/// What a request may do on a retry, from its method and the flags that vouch for it.
struct MethodSafety {
    std::string_view method;
    bool has_idempotency_key = false;
    bool retry_unsafe = false;

    /// Whether the request may be sent again after the server has had it.
    bool may_repeat() const;
};

/// An attempt's result before any question of budget or time: done, worth another try, or
/// final.
struct Verdict {
    enum class Kind { success, retryable, final } kind = Kind::final;
    Outcome outcome = Outcome::not_retryable;
    std::string reason;
    /// The setting that would have made a final verdict come out otherwise.
    Setting setting = Setting::none;
};

Verdict classify(const AttemptResult& result, const RetrySet& retry_on, const MethodSafety& safety);

/// The verdict on a result worth another try for the reason `what`, once the method's safety
/// is weighed: a repeat that could act twice on the server is declined.
Verdict retryable_if_safe(const AttemptResult& result, const MethodSafety& safety,
                          std::string what);

/// Human words for a failure kind, as the log's reasons use them.
std::string_view describe(FailureKind kind);

}  // namespace rfetch
