// The states of a run and of each of its nodes: one list everywhere (manifest, progress events,
// server, studies), as the architecture note decides.
#pragma once

#include <optional>
#include <string_view>

namespace dtop {

enum class RunState {
    queued,       // not started yet
    running,      // started, not finished
    ok,           // finished, every output produced
    failed,       // the node (or, for a run, some node) failed
    stopped,      // ran, then stopped because another node failed
    skipped,      // never started: an input's producer did not deliver, or the run ended first
    cancelled,    // the user asked the run to stop
    crashed,      // the engine process died (a plugin crashed it); set by the supervisor
    interrupted,  // the supervisor or server went away while it ran
};

// "queued", "running", ... as written in manifests and events.
const char* state_name(RunState s);
std::optional<RunState> parse_state(std::string_view name);
// Finished one way or another.
inline bool is_final(RunState s) { return s != RunState::queued && s != RunState::running; }

}  // namespace dtop
