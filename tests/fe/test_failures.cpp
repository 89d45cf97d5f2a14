// Failure detection: CalculiX exits 0 on some failures, so a run is judged by its exit code, *ERROR
// lines, the completion line and the eigenvalue table; each failing sign is reported, with the log.
#include "fe_test_support.hpp"

#include <analysis.hpp>
#include <deck.hpp>
#include <verdict.hpp>

#include <catch2/catch.hpp>

#include <fstream>

using namespace dtop::fe;
using namespace dtop::support;
namespace fs = std::filesystem;
using Catch::Contains;

namespace {

// Runs ccx for real on whatever JOB.inp the folder holds (or not).
Judgement run_ccx(const JobFiles& files, const Extraction& asked = {}) {
    const SolverCommand ccx = resolve_solver("calculix", "");
    const ProcessOutcome p = run_process({solver_argv(ccx, files.name), files.dir, files.log(), 30, 1});
    REQUIRE(p.started);
    return judge_run(Solver::calculix, p, files, asked);
}

std::string deck_text() {
    const FrameModel m;
    return abaqus_deck(m, build_mesh(m), {}, "failure tests");
}

// A finished CalculiX job in a folder: the fixture .dat and ccx's closing line in the log.
JobFiles finished_job(const std::string& name, const std::string& log = " Job finished\n") {
    const JobFiles files{fe_test::fresh_dir(name), "frame"};
    fs::copy_file(fe_test::fixture("calculix_frame.dat"), files.dat());
    dtop::test::write_file(files.log().string(), log);
    return files;
}

ProcessOutcome exited(int code) {
    ProcessOutcome p;
    p.started = p.exited = true;
    p.exit_code = code;
    return p;
}

std::vector<Problem> problems(const Verdict& v) {
    std::vector<Problem> out;
    for (const Finding& f : v.findings) out.push_back(f.problem);
    return out;
}

AnalysisRequest request_with(const std::string& dir, Solver solver, const std::string& executable) {
    AnalysisRequest r;
    r.work_dir = fe_test::fresh_dir(dir);
    r.solver = SolverCommand{solver, executable};
    return r;
}

}  // namespace

TEST_CASE("fe: CalculiX exits 0 on a missing input file, and the run is still judged failed") {
    const JobFiles files{fe_test::fresh_dir("missing_input"), "nothing"};
    const Judgement j = run_ccx(files);
    INFO(dtop::fe::read_text(files.log().string()));
    CHECK_FALSE(j.verdict.ok());
    CHECK(j.verdict.has(Problem::error_lines));
    CHECK(j.verdict.has(Problem::no_table));
    CHECK_FALSE(j.table);
    const std::string m = j.verdict.message(Solver::calculix);
    CHECK_THAT(m, Contains("*ERROR in readinput: cannot open file nothing.inp"));
    CHECK_THAT(m, Contains("(log: " + files.log().string() + ")"));
}

TEST_CASE("fe: a truncated deck is a failure although CalculiX exits 0") {
    const JobFiles files{fe_test::fresh_dir("truncated"), "frame"};
    const std::string deck = deck_text();
    // Cut in the middle of the element definitions, mid-line, as a full disk or a killed writer would.
    dtop::test::write_file(files.deck().string(), deck.substr(0, deck.find("*ELEMENT, TYPE=B31, ELSET=LEGS") + 200));
    const Judgement j = run_ccx(files);
    INFO(dtop::fe::read_text(files.log().string()));
    CHECK_FALSE(j.verdict.ok());
    CHECK(j.verdict.has(Problem::no_table));
}

TEST_CASE("fe: a deck that lost its step is a failure, seen only by the missing eigenvalue table") {
    const JobFiles files{fe_test::fresh_dir("no_step"), "frame"};
    const std::string deck = deck_text();
    dtop::test::write_file(files.deck().string(), deck.substr(0, deck.find("*STEP")));
    const Judgement j = run_ccx(files);
    // ccx says nothing wrong: exit 0, no *ERROR, "Job finished"; only the table tells.
    CHECK(problems(j.verdict) == std::vector<Problem>{Problem::no_table});
}

TEST_CASE("fe: an *ERROR line fails a run that otherwise completed") {
    const Analysis a = run_analysis(request_with("error_line", Solver::calculix, fe_test::script("error_calculix.sh")));
    CHECK(problems(a.verdict) == std::vector<Problem>{Problem::error_lines});
    CHECK_THAT(a.verdict.message(Solver::calculix), Contains("solver.log:1: *ERROR in calinput: unknown keyword *BOGUS CARD"));
    CHECK(a.table);  // the table was still read
}

TEST_CASE("fe: an exit code, a signal and a missing completion line are each reported") {
    CHECK(judge_run(Solver::calculix, exited(0), finished_job("judge_ok"), {}).verdict.ok());
    CHECK(problems(judge_run(Solver::calculix, exited(3), finished_job("judge_exit"), {}).verdict) ==
          std::vector<Problem>{Problem::exit_code});
    ProcessOutcome killed;
    killed.started = true;
    killed.signal = 9;
    CHECK(problems(judge_run(Solver::calculix, killed, finished_job("judge_signal"), {}).verdict) ==
          std::vector<Problem>{Problem::killed});
    CHECK(problems(judge_run(Solver::calculix, exited(0), finished_job("judge_unfinished", " STEP 1\n"), {}).verdict) ==
          std::vector<Problem>{Problem::not_completed});
    ProcessOutcome never;
    never.start_error = "cannot start /x: No such file or directory";
    const Verdict v = judge_run(Solver::calculix, never, finished_job("judge_never"), {}).verdict;
    CHECK(problems(v) == std::vector<Problem>{Problem::not_started});
    CHECK_THAT(v.message(Solver::calculix), Contains("not started: cannot start /x"));
}

TEST_CASE("fe: ABAQUS failures: ***ERROR in the .dat and no completion line") {
    const JobFiles files{fe_test::fresh_dir("abaqus_error"), "frame"};
    dtop::test::write_file(files.dat().string(),
                           "\n ***ERROR: THE REQUIRED PARAMETER SECTION IS MISSING ON THE *BEAM SECTION OPTION\n\n"
                           "          THE ANALYSIS HAS NOT BEEN COMPLETED\n");
    dtop::test::write_file(files.log().string(), "Abaqus Error: Abaqus/Analysis exited with error(s).\nAbaqus/Analysis exited with errors\n");
    const Verdict v = judge_run(Solver::abaqus, exited(1), files, {}).verdict;
    CHECK(problems(v) == std::vector<Problem>{Problem::exit_code, Problem::error_lines, Problem::not_completed, Problem::no_table});
    CHECK_THAT(v.message(Solver::abaqus), Contains("frame.dat:2: ***ERROR: THE REQUIRED PARAMETER SECTION"));
    // The launcher's own completion line counts as completion too.
    const JobFiles ok{fe_test::fresh_dir("abaqus_ok"), "frame"};
    fs::copy_file(fe_test::fixture("abaqus_frame.dat"), ok.dat());
    dtop::test::write_file(ok.log().string(), "Abaqus JOB frame COMPLETED\n");
    CHECK(judge_run(Solver::abaqus, exited(0), ok, {}).verdict.ok());
}

TEST_CASE("fe: fewer modes than asked is a failure, unless a frequency range was given") {
    const Judgement j = judge_run(Solver::calculix, exited(0), finished_job("few_modes"), Extraction{12});
    CHECK(problems(j.verdict) == std::vector<Problem>{Problem::too_few_modes});
    CHECK_THAT(j.verdict.message(Solver::calculix), Contains("10 of the 12 modes asked for"));
    const Judgement r = judge_run(Solver::calculix, exited(0), finished_job("few_modes_range"), Extraction{12, 0, 400});
    CHECK(r.verdict.ok());
    REQUIRE(r.verdict.warnings.size() == 1);
    CHECK_THAT(r.verdict.warnings[0], Contains("lie in the frequency range"));
}

TEST_CASE("fe: a malformed table is a failure of its own") {
    const JobFiles files = finished_job("malformed");
    std::string dat = dtop::fe::read_text(files.dat().string());
    dat.resize(dat.find("0.1839271E+03"));
    dtop::test::write_file(files.dat().string(), dat);
    CHECK(problems(judge_run(Solver::calculix, exited(0), files, {}).verdict) == std::vector<Problem>{Problem::malformed_table});
}

TEST_CASE("fe: fewer sway modes than wanted is a failure that lists each mode's sway share") {
    AnalysisRequest r = request_with("few_sway", Solver::calculix, fe_test::script("replay_calculix.sh"));
    r.sway_modes = 4;
    const Analysis a = run_analysis(r);
    CHECK(problems(a.verdict) == std::vector<Problem>{Problem::too_few_sway_modes});
    CHECK_THAT(a.verdict.message(Solver::calculix), Contains("3 of the 4 sway modes wanted among the 10 modes extracted") &&
                                                        Contains("4: 54.42 Hz, share 0.00"));
    r.sway_modes = 3;
    CHECK(run_analysis(r).verdict.ok());
}

TEST_CASE("fe: the time limit is reported as a failure with the log's path") {
    AnalysisRequest r = request_with("slow", Solver::calculix, fe_test::script("slow_solver.sh"));
    r.time_limit = 0.3;
    r.grace = 0.5;
    const Analysis a = run_analysis(r);
    CHECK(a.verdict.has(Problem::timed_out));
    CHECK(a.verdict.has(Problem::no_table));
    CHECK(a.process.seconds < 1.5);
    CHECK_THAT(a.verdict.message(Solver::calculix), Contains("time limit") && Contains(a.files.log().string()));
}

TEST_CASE("fe: the job runs in a fresh folder named after the sanitised job, so an old .dat never passes") {
    AnalysisRequest r = request_with("fresh", Solver::calculix, *find_executable("true"));
    r.job = "../escape attempt";
    // Results of an earlier run in the same place.
    const fs::path old = r.work_dir / "escape_attempt";
    fs::create_directories(old);
    fs::copy_file(fe_test::fixture("calculix_frame.dat"), old / "escape_attempt.dat");
    dtop::test::write_file((old / "solver.log").string(), " Job finished\n");
    const Analysis a = run_analysis(r);
    CHECK(a.files.dir == old);
    CHECK(fs::exists(a.files.deck()));
    CHECK(a.verdict.has(Problem::no_table));
    CHECK(a.verdict.has(Problem::not_completed));
    CHECK_FALSE(fs::exists(r.work_dir.parent_path() / "escape_attempt"));
}
