#pragma once

namespace rfetch {

/// Whether the waits from now on watch stdout's reader: only when a body goes there
/// (`body_goes_there`) and stdout is a pipe or a socket, a reader that can go away. A run whose
/// body goes to stdout has nothing left to wait for once its reader has gone; a run whose body
/// goes to a file is not woken by it. A file or a terminal is never watched.
void watch_stdout_reader(bool body_goes_there);

/// True once stdout's reader has gone for good: a pipe or socket whose reading end is closed
/// polls as a hang-up or an error. Once seen, it stays seen.
bool stdout_reader_gone();

/// The descriptor a wait polls beside the signal pipe, with no events asked (a hang-up or an
/// error wakes it): stdout while it is watched and its reader has not been seen to go, else
/// -1. A reader seen gone is watched no more, so that a wait for a run that does not write to
/// stdout is woken by it once, not over and over.
int stdout_watch_fd();

}  // namespace rfetch
