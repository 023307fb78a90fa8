#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/base/failure.h"
#include "core/base/status_list.h"

namespace rfetch {

/// The statuses and failure kinds worth another attempt.
class RetrySet {
  public:
    /// Connection-level failures that are usually transient, and the statuses that mean
    /// "try again": 408, 429, 500, 502, 503, 504.
    static RetrySet defaults();

    void add_status(int status) { statuses_.add_status(status); }
    void add_status_class(int hundreds) { statuses_.add_status_class(hundreds); }
    void add_kind(FailureKind kind) { kinds_.insert(kind); }
    void remove_status(int status) { statuses_.remove_status(status); }
    void remove_status_class(int hundreds) { statuses_.remove_status_class(hundreds); }
    void remove_kind(FailureKind kind) { kinds_.erase(kind); }

    bool contains(int status) const { return statuses_.contains(status); }
    bool contains(FailureKind kind) const { return kinds_.contains(kind); }

  private:
    StatusList statuses_;
    std::set<FailureKind> kinds_;
};

/// The failure kinds `--retry-on` accepts: the ones that can be transient.
inline constexpr FailureKind kRetryableKinds[] = {
    FailureKind::dns, FailureKind::connect, FailureKind::timeout, FailureKind::reset,
    FailureKind::tls, FailureKind::empty,   FailureKind::partial,
};

struct RetrySetParse {
    std::optional<RetrySet> set;
    /// When `set` is empty: the first item that is neither a status, a class nor a kind, or,
    /// with `mixed_signs`, the first item signed otherwise than the list's first.
    std::string bad_item;
    bool mixed_signs = false;
};

/// Reads a `--retry-on` list. A plain list replaces the set: "503,5xx,timeout,reset". A list
/// whose every item is signed edits the default set, left to right: "+429,-503,+tls". Mixing
/// the two is refused, since either reading would surprise someone. Only statuses from 400 up
/// can be listed: anything lower is a success before the set is asked.
RetrySetParse parse_retry_set(std::string_view list);

}  // namespace rfetch
