#include "sys/open_file_limit.h"

#include <sys/resource.h>

namespace rfetch {
namespace {

// The limit as rfetch found it; only main's thread reads or writes it, before and after the run.
struct rlimit started_with {};
bool raised = false;

}  // namespace

void raise_open_file_limit() {
    if (getrlimit(RLIMIT_NOFILE, &started_with) != 0 ||
        started_with.rlim_cur >= started_with.rlim_max) {
        return;
    }
    struct rlimit wanted = started_with;
    wanted.rlim_cur = wanted.rlim_max;
    // A refusal leaves the limit as it was: a run that needs few descriptors is unaffected.
    raised = setrlimit(RLIMIT_NOFILE, &wanted) == 0;
}

void restore_open_file_limit() {
    if (raised) {
        setrlimit(RLIMIT_NOFILE, &started_with);
        raised = false;
    }
}

}  // namespace rfetch
