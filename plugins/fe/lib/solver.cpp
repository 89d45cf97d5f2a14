#include "solver.hpp"

#include <dtop_support/process.hpp>

#include <stdexcept>

namespace dtop::fe {

const char* solver_name(Solver s) { return s == Solver::abaqus ? "abaqus" : "calculix"; }
const char* default_executable(Solver s) { return s == Solver::abaqus ? "abaqus" : "ccx"; }

SolverCommand resolve_solver(const std::string& choice, const std::string& executable) {
    auto locate = [&](Solver s) -> std::optional<SolverCommand> {
        const std::string name = executable.empty() ? default_executable(s) : executable;
        if (auto p = support::find_executable(name)) return SolverCommand{s, *p};
        return std::nullopt;
    };
    if (choice == "abaqus" || choice == "calculix") {
        const Solver s = choice == "abaqus" ? Solver::abaqus : Solver::calculix;
        if (auto c = locate(s)) return *c;
        throw std::runtime_error(std::string(solver_name(s)) + ": '" +
                                 (executable.empty() ? default_executable(s) : executable) +
                                 "' is not an executable file" + (executable.find('/') == std::string::npos ? " on the PATH" : ""));
    }
    if (choice != "auto") throw std::runtime_error("solver must be abaqus, calculix or auto, not '" + choice + "'");
    if (!executable.empty())
        throw std::runtime_error("with an executable given, say which solver it is (abaqus or calculix), not auto");
    if (auto c = locate(Solver::abaqus)) return *c;
    if (auto c = locate(Solver::calculix)) return *c;
    throw std::runtime_error("auto: neither 'abaqus' nor 'ccx' is on the PATH (install CalculiX: apt install calculix-ccx)");
}

std::vector<std::string> solver_argv(const SolverCommand& s, const std::string& job) {
    if (s.solver == Solver::abaqus)
        // interactive: the launcher waits for the analysis (so the time limit applies to it);
        // ask_delete=OFF: it never stops to ask about old files.
        return {s.executable.string(), "job=" + job, "input=" + job + ".inp", "interactive", "ask_delete=OFF"};
    return {s.executable.string(), "-i", job};
}

}  // namespace dtop::fe
