#include "app/run_state.h"

#include <iostream>

#include "cli/exit_codes.h"
#include "sys/file_state_store.h"
#include "sys/redis_state_store.h"
#include "sys/system_clock.h"

namespace rfetch {

std::unique_ptr<StateStore> open_state_store(const std::string& state_dir,
                                             const std::optional<StateUrl>& state_url,
                                             Duration state_timeout, const LogChannel& messages) {
    if (state_url) {
        return std::make_unique<RedisStateStore>(*state_url, state_timeout, messages);
    }
    return std::make_unique<FileStateStore>(state_dir, messages);
}

int run_state_command(const StateCommand& command, const LogChannel& messages) {
    const auto store =
        open_state_store(command.state_dir, command.state_url, command.state_timeout, messages);
    if (command.action == StateCommand::Action::reset) {
        return store->reset(command.origin) ? kExitSuccess : kExitWriteError;
    }
    const WallTime now = SystemClock().wall_now();
    auto described = nlohmann::ordered_json::object();
    for (const auto& [origin, state] : store->list()) {
        described[origin] = describe_origin_state(state, now);
    }
    std::cout << described.dump(2) << '\n';
    return kExitSuccess;
}

}  // namespace rfetch
