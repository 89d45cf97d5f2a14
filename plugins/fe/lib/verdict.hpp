// Did the solver run succeed? CalculiX exits 0 on some failures (a missing input file, a truncated
// deck), so a run is judged on every sign, and every sign that failed is reported:
//   - the process: it started, was not ended by the time limit or a signal, exited with code 0;
//   - *ERROR lines (CalculiX "*ERROR in ...", ABAQUS "***ERROR: ...", "Abaqus Error:") in the log
//     and the .dat (and ABAQUS's .msg);
//   - the completion line: CalculiX prints "Job finished"; ABAQUS writes "THE ANALYSIS HAS BEEN
//     COMPLETED" in the .dat (its launcher prints "Abaqus JOB <job> COMPLETED");
//   - the eigenvalue table: present, well-formed, and with as many modes as asked (fewer are only
//     allowed when a frequency range was given, as then the range may hold fewer).
#pragma once

#include "eigen_table.hpp"
#include "frame_model.hpp"
#include "solver.hpp"

#include <dtop_support/process.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dtop::fe {

enum class Problem {
    not_started,
    timed_out,
    killed,          // ended by a signal not sent at the time limit
    exit_code,
    error_lines,
    not_completed,
    no_table,        // no .dat, or no eigenvalue table in it
    malformed_table,
    too_few_modes,
    too_few_sway_modes,
};
const char* problem_name(Problem p);

struct Finding {
    Problem problem;
    std::string detail;
};

// The files of one job: JOB.inp, JOB.dat ... and the solver's output in solver.log, in one folder.
struct JobFiles {
    std::filesystem::path dir;
    std::string name;
    std::filesystem::path deck() const { return dir / (name + ".inp"); }
    std::filesystem::path dat() const { return dir / (name + ".dat"); }
    std::filesystem::path msg() const { return dir / (name + ".msg"); }  // ABAQUS's messages
    std::filesystem::path log() const { return dir / "solver.log"; }
};

struct Verdict {
    std::vector<Finding> findings;
    std::vector<std::string> warnings;  // not failures: worth a look
    std::filesystem::path log;
    bool ok() const { return findings.empty(); }
    bool has(Problem p) const;
    // "the calculix run failed: <finding>; <finding> (log: <path>)".
    std::string message(Solver solver) const;
};

struct Judgement {
    Verdict verdict;
    std::optional<EigenTable> table;  // when the .dat holds a readable one
    std::string dat;                  // the .dat's text, for reading further tables
};

Judgement judge_run(Solver solver, const support::ProcessOutcome& process, const JobFiles& files, const Extraction& asked);

// Lines that report an error, "file: line", at most `limit`.
std::vector<std::string> error_lines(const std::string& text, const std::string& file, std::size_t limit);

}  // namespace dtop::fe
