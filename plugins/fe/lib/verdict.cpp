#include "verdict.hpp"

#include <cstring>

namespace dtop::fe {

const char* problem_name(Problem p) {
    switch (p) {
        case Problem::not_started: return "not started";
        case Problem::timed_out: return "time limit";
        case Problem::killed: return "killed";
        case Problem::exit_code: return "exit code";
        case Problem::error_lines: return "error lines";
        case Problem::not_completed: return "no completion line";
        case Problem::no_table: return "no eigenvalue table";
        case Problem::malformed_table: return "malformed eigenvalue table";
        case Problem::too_few_modes: return "too few modes";
        case Problem::too_few_sway_modes: return "too few sway modes";
    }
    return "?";
}

bool Verdict::has(Problem p) const {
    for (const Finding& f : findings)
        if (f.problem == p) return true;
    return false;
}

std::string Verdict::message(Solver solver) const {
    std::string m = std::string("the ") + solver_name(solver) + " run failed: ";
    for (std::size_t i = 0; i < findings.size(); ++i)
        m += (i ? "; " : "") + std::string(problem_name(findings[i].problem)) + ": " + findings[i].detail;
    return m + " (log: " + log.string() + ")";
}

std::vector<std::string> error_lines(const std::string& text, const std::string& file, std::size_t limit) {
    std::vector<std::string> out;
    const auto lines = split_lines(text);
    for (std::size_t i = 0; i < lines.size() && out.size() < limit; ++i) {
        std::string_view t = trimmed(lines[i]);
        const bool abaqus_launcher = starts_with(t, "Abaqus Error");
        while (!t.empty() && t.front() == '*') t.remove_prefix(1);
        if (abaqus_launcher || (t.size() < trimmed(lines[i]).size() && starts_with(t, "ERROR")))
            out.push_back(file + ":" + std::to_string(i + 1) + ": " + std::string(trimmed(lines[i])));
    }
    return out;
}

namespace {

bool completed(Solver solver, const std::string& log, const std::string& dat) {
    for (std::string_view line : split_lines(solver == Solver::calculix ? log : dat))
        if (trimmed(line) == (solver == Solver::calculix ? "Job finished" : "THE ANALYSIS HAS BEEN COMPLETED")) return true;
    if (solver == Solver::abaqus)
        for (std::string_view line : split_lines(log)) {
            const auto t = tokens(line);
            if (t.size() == 4 && t[0] == "Abaqus" && t[1] == "JOB" && t[3] == "COMPLETED") return true;
        }
    return false;
}

}  // namespace

Judgement judge_run(Solver solver, const support::ProcessOutcome& p, const JobFiles& files, const Extraction& asked) {
    Judgement j;
    Verdict& v = j.verdict;
    v.log = files.log();
    auto fail = [&](Problem problem, std::string detail) { v.findings.push_back({problem, std::move(detail)}); };

    if (!p.started) {
        fail(Problem::not_started, p.start_error);
        return j;
    }
    if (p.timed_out)
        fail(Problem::timed_out, "still running after the time limit; its process group was ended");
    else if (!p.exited)
        fail(Problem::killed, std::string("ended by signal ") + std::to_string(p.signal) + " (" + strsignal(p.signal) + ")");
    else if (p.exit_code != 0)
        fail(Problem::exit_code, "exited with code " + std::to_string(p.exit_code));
    if (p.group_left_over) v.warnings.push_back("the solver left processes behind; they were ended");

    const std::string log = read_text(files.log().string());
    j.dat = read_text(files.dat().string());
    std::vector<std::string> errors;
    auto add_errors = [&](const std::string& text, const std::filesystem::path& file) {
        for (auto& e : error_lines(text, file.filename().string(), 3 - std::min<std::size_t>(3, errors.size())))
            errors.push_back(std::move(e));
    };
    add_errors(log, files.log());
    add_errors(j.dat, files.dat());
    add_errors(read_text(files.msg().string()), files.msg());
    if (!errors.empty()) {
        std::string d;
        for (const auto& e : errors) d += (d.empty() ? "" : " | ") + e;
        fail(Problem::error_lines, d);
    }
    if (!p.timed_out && !completed(solver, log, j.dat))
        fail(Problem::not_completed, solver == Solver::calculix ? "no 'Job finished' in the solver's output"
                                                                : "no 'THE ANALYSIS HAS BEEN COMPLETED' in the .dat");

    if (j.dat.empty()) {
        fail(Problem::no_table, files.dat().filename().string() + " is missing or empty");
        return j;
    }
    try {
        j.table = solver == Solver::calculix ? parse_calculix_eigenvalues(j.dat) : parse_abaqus_eigenvalues(j.dat);
    } catch (const DatError& e) {
        const std::string what = e.what();
        fail(starts_with(what, "no eigenvalue table") ? Problem::no_table : Problem::malformed_table, what);
        return j;
    }
    const auto found = static_cast<int>(j.table->rows.size());
    if (found < asked.modes) {
        const std::string d = std::to_string(found) + " of the " + std::to_string(asked.modes) + " modes asked for";
        if (asked.has_range()) v.warnings.push_back(d + " lie in the frequency range");
        else fail(Problem::too_few_modes, d);
    }
    return j;
}

}  // namespace dtop::fe
