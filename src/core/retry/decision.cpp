#include "core/retry/decision.h"

namespace rfetch {

std::string_view to_string(Action action) {
    switch (action) {
        case Action::success:
            return "success";
        case Action::retry:
            return "retry";
        case Action::give_up:
            return "give_up";
    }
    return "give_up";
}

std::string_view to_string(Outcome outcome) {
    switch (outcome) {
        case Outcome::success:
            return "success";
        case Outcome::http_error:
            return "http_error";
        case Outcome::exhausted:
            return "exhausted";
        case Outcome::not_retryable:
            return "not_retryable";
        case Outcome::deadline:
            return "deadline";
        case Outcome::retry_after_too_long:
            return "retry_after_too_long";
        case Outcome::interrupted:
            return "interrupted";
        case Outcome::write_error:
            return "write_error";
        case Outcome::incomplete:
            return "incomplete";
        case Outcome::circuit_open:
            return "circuit_open";
        case Outcome::abandoned:
            return "abandoned";
    }
    return "not_retryable";
}

std::string_view to_string(DelaySource source) {
    switch (source) {
        case DelaySource::backoff:
            return "backoff";
        case DelaySource::retry_after:
            return "retry-after";
        case DelaySource::retry_after_ms:
            return "retry-after-ms";
        case DelaySource::ratelimit:
            return "ratelimit";
        case DelaySource::x_ratelimit_reset:
            return "x-ratelimit-reset";
        case DelaySource::deadline:
            return "deadline";
    }
    return "backoff";
}

}  // namespace rfetch
