#include "app/run_state.h"

#include <iostream>

#include "cli/exit_codes.h"
#include "sys/file_state_store.h"
#include "sys/system_clock.h"

namespace rfetch {

int run_state_command(const StateCommand& command, const LogChannel& messages) {
    FileStateStore store(command.state_dir, messages);
    if (command.action == StateCommand::Action::reset) {
        return store.reset(command.origin) ? kExitSuccess : kExitWriteError;
    }
    const WallTime now = SystemClock().wall_now();
    auto described = nlohmann::ordered_json::object();
    for (const auto& [origin, state] : store.list()) {
        described[origin] = describe_origin_state(state, now);
    }
    std::cout << described.dump(2) << '\n';
    return kExitSuccess;
}

}  // namespace rfetch
