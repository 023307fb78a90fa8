#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "core/log/log_channel.h"
#include "core/state/state_store.h"

namespace rfetch {

/// The state of each origin in a file of its own in one directory, such as
/// http_example.com_80.json. Every read-modify-write holds an exclusive flock on the
/// directory's .lock file, which is never replaced, and writes a temporary file that is
/// synced and renamed over the old one: a reader sees the old state or the new, whole.
/// An update that changes nothing writes nothing, so runs that only look (a waiting
/// cooperative run) cost a lock and a read. The store's time is this host's clock.
/// Problems (a corrupt file, a directory it cannot write) are reported once each as a warning
/// on `warnings`, and the run carries on with empty state.
class FileStateStore final : public StateStore {
  public:
    FileStateStore(std::filesystem::path directory, LogChannel warnings)
        : directory_(std::move(directory)), warnings_(std::move(warnings)) {}

    void update(const std::string& origin, const Change& change) override;
    bool last_update_shared() const override { return shared_; }
    std::map<std::string, OriginState> list() override;
    bool reset(const std::optional<std::string>& origin) override;

    /// The file that holds `origin`'s state.
    std::filesystem::path file_for(const std::string& origin) const;

  private:
    /// `intact` says whether the file holds exactly what the state would be written as.
    OriginState read(const std::filesystem::path& file, const std::string& origin, bool& intact);
    void warn_once(const std::string& key, const std::string& message);

    std::filesystem::path directory_;
    LogChannel warnings_;
    std::set<std::string> warned_;
    bool shared_ = true;
};

}  // namespace rfetch
