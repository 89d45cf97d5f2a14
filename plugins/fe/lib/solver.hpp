// The two solvers that read the deck: how each is found, started, and tells that it finished.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace dtop::fe {

enum class Solver { abaqus, calculix };

const char* solver_name(Solver s);             // "abaqus", "calculix"
const char* default_executable(Solver s);      // "abaqus", "ccx"

struct SolverCommand {
    Solver solver;
    std::filesystem::path executable;  // absolute
};

// choice: "abaqus", "calculix" or "auto" (ABAQUS if on the PATH, else CalculiX). `executable`, if not
// empty, replaces the default program name (a path, or a name looked up on the PATH). Throws
// std::runtime_error naming what was looked for when nothing runnable is found.
SolverCommand resolve_solver(const std::string& choice, const std::string& executable);

// The argument vector that runs job `job` (its deck job.inp in the working folder):
//   ABAQUS:   abaqus job=JOB input=JOB.inp interactive ask_delete=OFF
//   CalculiX: ccx -i JOB
std::vector<std::string> solver_argv(const SolverCommand& s, const std::string& job);

}  // namespace dtop::fe
