#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "core/state/origin_state.h"

namespace rfetch {

/// Where runs keep what they share about each origin. Updates are atomic against every other
/// run using the same store, in this process or another, so none is torn or lost. A store
/// that cannot read or write reports it and carries on with empty state: shared state makes
/// runs politer, and losing it must never stop one.
class StateStore {
  public:
    virtual ~StateStore() = default;

    /// Edits one origin's state, given the store's time: every run that shares the store reads
    /// the same clock through it, whatever its own host's clock says.
    using Change = std::function<void(OriginState& state, WallTime store_now)>;

    /// Reads the origin's state, lets `change` edit it, and stores the result, with no other
    /// update of it in between. A store may call `change` more than once, on fresh state each
    /// time (after a conflicting write); what the last call did is what was stored.
    virtual void update(const std::string& origin, const Change& change) = 0;

    /// Whether the last update was shared with the other runs: false when the store could not
    /// be read or written and the change went to empty state of this run's own.
    virtual bool last_update_shared() const { return true; }

    /// Every origin's state, by origin.
    virtual std::map<std::string, OriginState> list() = 0;

    /// Forgets one origin's state, or every origin's. False when some could not be removed.
    virtual bool reset(const std::optional<std::string>& origin) = 0;
};

}  // namespace rfetch
