#pragma once

namespace rfetch {

/// Raises the soft limit on open files to the hard limit. A poll of many targets, or -Z with
/// many transfers and their hedges, holds a socket for each request under way, and the usual
/// soft limit of 1024 would fail them with "too many open files" long before the hard limit.
/// rfetch waits on its sockets with poll(), never select(), so a descriptor above 1023 is
/// safe here.
void raise_open_file_limit();

/// Puts back the soft limit rfetch started with, for a command it runs in its place: a
/// program that uses select() breaks on descriptors above 1023.
void restore_open_file_limit();

}  // namespace rfetch
