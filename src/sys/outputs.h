#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/output/output.h"

namespace rfetch {

/// What a finished file does when a file of its name is already there: replaced (curl's
/// default), refused (a name from the response, curl's -J without --clobber), or written beside
/// it as NAME.1 to NAME.100 (curl's --no-clobber).
enum class Clobber { replace, refuse, number };

/// A regular file output whose name can still change until it finishes: curl's -J names the
/// file after the response's Content-Disposition.
class NamedFileOutput : public Output {
  public:
    /// The name the file takes on finish, and what to do if a file has it already.
    virtual void rename(std::string path, Clobber clobber) = 0;
};

/// stdout: written as the bytes come, never taken back.
std::unique_ptr<Output> stdout_output();

/// The output for `-o PATH`. A regular file (or a new one) is written to a temporary file
/// beside it, synced and renamed into place on finish, so it appears whole or not at all. A
/// device or a FIFO is written directly, since renaming over it would replace it. Nothing is
/// opened or created before the first write; `create_dirs` creates missing directories then.
std::unique_ptr<Output> path_output(const std::string& path, bool create_dirs,
                                    Clobber clobber = Clobber::replace);

/// A regular file written as path_output writes one, whose name can change until it finishes.
std::unique_ptr<NamedFileOutput> named_file_output(const std::string& path, bool create_dirs,
                                                   Clobber clobber);

/// The output for `-C` with `-o PATH`: the body goes after the file's bytes. A regular file is
/// copied to the temporary file first, so it still appears whole or not at all, and is left as
/// it was by a failed run.
std::unique_ptr<Output> appending_path_output(const std::string& path, bool create_dirs);

/// Why `path_output(path, create_dirs)` could not write `path`, or nullopt when nothing says
/// so yet. Asked before a request is sent, so that a body with nowhere to go costs the server
/// nothing: an existing file must be one the user may write (even though a regular file is
/// replaced by a rename, which would not need that), and a new file needs a directory the user
/// may create files in; with `create_dirs`, the nearest directory that exists.
std::optional<std::string> output_problem(const std::string& path, bool create_dirs);

/// Writes `bytes` to `output` and finishes it.
WriteStatus write_whole(Output& output, std::string_view bytes);

}  // namespace rfetch
