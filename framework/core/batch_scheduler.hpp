// Runs a set of batch nodes in dependency order with a ready queue: a node starts as soon as every
// node it depends on (within the set) has finished, on one of up to `jobs` threads. No waves: a slow
// node holds back only the nodes that need it.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace dtop {

struct BatchTask {
    std::size_t node;
    std::vector<std::size_t> after;  // nodes of the same set that must finish first
};

// Calls run(node) once per task. jobs <= 1: in the calling thread, in the tasks' order where the
// dependencies allow. `run` must not throw. stop(): checked before each start; once it returns true no
// further node starts (those not started are left to the caller).
void run_ready_queue(const std::vector<BatchTask>& tasks, unsigned jobs, const std::function<void(std::size_t)>& run,
                     const std::function<bool()>& stop);

}  // namespace dtop
