// SIGINT and SIGTERM as a request to stop a run: the handler only sets a flag, which the engine reads
// between nodes and before every co-simulation step, so the run ends itself: nodes not started are
// skipped, the running co-simulation stops, recordings are kept as partial, the manifest says
// `cancelled` (exit code 4). A second signal while the first is being honoured is left to its default
// action (the supervisor's SIGKILL comes after a grace period anyway).
#pragma once

#include <atomic>

namespace dtop {

// Installs the handlers (once) and returns the flag they set.
const std::atomic<bool>* cancel_on_signals();

}  // namespace dtop
