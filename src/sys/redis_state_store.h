#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/log/log_channel.h"
#include "core/state/state_store.h"
#include "sys/state_url.h"

struct redisContext;
struct redisReply;

namespace rfetch {

/// The state of each origin in one Redis key, rfetch:state:ORIGIN, holding the same JSON as the
/// file store's file and a TTL that each write renews, so that state no run uses expires.
/// Every read-modify-write reads the value and Redis's TIME in one Lua script, applies the
/// change here, and stores the result with a compare-and-set script that writes only when the
/// value is still the one read; on a conflict it starts again (a few times). Scripts go by
/// EVALSHA, and by EVAL when Redis no longer knows them (NOSCRIPT).
///
/// Time is bounded: connecting takes at most twice `command_timeout`, each command at most
/// `command_timeout`. A Redis that is down, slow or refuses (a wrong password, a key of the
/// wrong type) is reported once on `warnings`, and the change is applied to empty state that is
/// thrown away: the run goes on as a run of its own. After a lost connection it tries again
/// at most once a second. The password appears in no message.
class RedisStateStore final : public StateStore {
  public:
    RedisStateStore(StateUrl url, Duration command_timeout, LogChannel warnings);
    ~RedisStateStore() override;
    RedisStateStore(const RedisStateStore&) = delete;
    RedisStateStore& operator=(const RedisStateStore&) = delete;

    void update(const std::string& origin, const Change& change) override;
    bool last_update_shared() const override { return shared_; }
    std::map<std::string, OriginState> list() override;
    bool reset(const std::optional<std::string>& origin) override;

  private:
    struct ReplyDeleter {
        void operator()(redisReply* reply) const;
    };
    using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

    bool connected();
    /// The reply, or null after a failure that it has reported.
    Reply command(const std::vector<std::string>& arguments);
    Reply run_script(int which, const std::vector<std::string>& arguments);
    void lose_connection(const std::string& what);
    void warn_once(const std::string& key, const std::string& message);

    StateUrl url_;
    Duration command_timeout_;
    LogChannel warnings_;
    redisContext* context_ = nullptr;
    std::vector<std::string> script_shas_;
    /// A refusal that no retry can fix (a wrong password): no more tries in this run.
    bool refused_ = false;
    std::chrono::steady_clock::time_point next_connect_{};
    std::set<std::string> warned_;
    bool shared_ = true;
};

}  // namespace rfetch
