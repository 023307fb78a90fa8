#pragma once

namespace rfetch {

/// Routes SIGHUP, SIGINT and SIGTERM into a flag and a pipe, so a wait, a transfer, a write or
/// a lock can end early and the run can still write its result; a signal that was ignored at
/// start stays ignored. Ignores SIGPIPE: a closed stdout is an EPIPE to handle. No handler
/// asks for SA_RESTART, so a blocking call returns EINTR and its loop can look at the flag.
void install_signal_handlers();

/// The signal that asked rfetch to stop, or 0.
int received_signal();

/// Once rfetch's last words are out, ends the process by the signal that stopped it, as POSIX
/// tools do, so that a calling shell sees a death by signal and stops its script too (a plain
/// exit status of 130 would not). Returns only when no signal came.
void die_of_received_signal();

/// Before rfetch execs a command: SIGPIPE goes back to the disposition rfetch found, so that
/// the command dies of a closed pipe as it would have without rfetch. The handlers need no
/// undoing: exec resets a caught signal to its default, and an ignored one stays ignored.
void restore_signals_for_exec();

/// A descriptor that becomes readable when a signal arrives; poll it to wait interruptibly.
int signal_wakeup_fd();

}  // namespace rfetch
