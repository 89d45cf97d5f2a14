// The co-simulation of a run's stepped nodes: connects their stepped ports (channel layout, unit
// conversions), steps them at the clock's communication points, records what batch nodes or
// `record: true` need, and ends every stepped node (ok, failed, stopped or cancelled).
#pragma once

#include "run_core.hpp"

namespace dtop {

// Runs the co-simulation of core's plan. Never throws: every problem ends the nodes it concerns.
void cosimulate(RunCore& core);

}  // namespace dtop
