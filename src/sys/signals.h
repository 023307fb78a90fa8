#pragma once

namespace rfetch {

/// Routes SIGINT and SIGTERM into a flag and a pipe, so a wait or a transfer can end early and
/// the run can still write its result. Ignores SIGPIPE: a closed stdout is an EPIPE to handle.
void install_signal_handlers();

/// The signal that asked rfetch to stop, or 0.
int received_signal();

/// A descriptor that becomes readable when a signal arrives; poll it to wait interruptibly.
int signal_wakeup_fd();

}  // namespace rfetch
