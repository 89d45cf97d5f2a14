#include "run_state.hpp"

#include <array>

namespace dtop {

namespace {
constexpr std::array<const char*, 9> kNames{"queued", "running", "ok",      "failed",     "stopped",
                                            "skipped", "cancelled", "crashed", "interrupted"};
}

const char* state_name(RunState s) { return kNames[static_cast<std::size_t>(s)]; }

std::optional<RunState> parse_state(std::string_view name) {
    for (std::size_t i = 0; i < kNames.size(); ++i)
        if (name == kNames[i]) return static_cast<RunState>(i);
    return std::nullopt;
}

}  // namespace dtop
