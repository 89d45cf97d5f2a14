// Running the solver: no shell, its own folder and log, the time limit over the whole process group;
// which solver is used and with which command line.
#include "fe_test_support.hpp"

#include <dtop_support/process.hpp>
#include <solver.hpp>

#include "scoped_env.hpp"

#include <catch2/catch.hpp>

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

using namespace dtop::fe;
using namespace dtop::support;
namespace fs = std::filesystem;

using dtop::test::ScopedEnv;

namespace {

// A process that is gone (or a zombie nobody has reaped yet, which runs nothing).
bool ended(pid_t pid) {
    for (int i = 0; i < 200; ++i) {
        if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
        const std::string stat = dtop::fe::read_text("/proc/" + std::to_string(pid) + "/stat");
        const auto close = stat.rfind(')');
        if (close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z') return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
}

pid_t child_pid(const fs::path& dir) {
    const std::string text = dtop::fe::read_text((dir / "child.pid").string());
    REQUIRE_FALSE(text.empty());
    return static_cast<pid_t>(std::stol(text));
}


}  // namespace

TEST_CASE("fe: programs are found by path or on the PATH, and only if executable") {
    const auto sh = find_executable("sh");
    REQUIRE(sh);
    CHECK(sh->is_absolute());
    CHECK(find_executable("/bin/sh") == fs::path("/bin/sh"));
    CHECK_FALSE(find_executable("no-such-solver-anywhere"));
    CHECK_FALSE(find_executable(""));
    const fs::path dir = fe_test::fresh_dir("find");
    dtop::test::write_file((dir / "plain").string(), "not a program\n");
    CHECK_FALSE(find_executable((dir / "plain").string()));
    ScopedEnv path("PATH", dir.string() + ":/usr/bin:/bin");
    CHECK_FALSE(find_executable("plain"));
}

TEST_CASE("fe: arguments reach the program as given, without a shell, in the job folder, output in the log") {
    const fs::path dir = fe_test::fresh_dir("argv");
    const std::vector<std::string> args{"a b; touch pwned", "$(touch pwned2)", "*", "`id`"};
    std::vector<std::string> argv{*find_executable("printf"), "%s\\n"};
    argv.insert(argv.end(), args.begin(), args.end());
    const ProcessOutcome p = run_process({argv, dir, dir / "out.log", 10, 1});
    REQUIRE(p.started);
    CHECK(p.exited);
    CHECK(p.exit_code == 0);
    CHECK(dtop::fe::read_text((dir / "out.log").string()) == "a b; touch pwned\n$(touch pwned2)\n*\n`id`\n");
    CHECK_FALSE(fs::exists(dir / "pwned"));
    CHECK_FALSE(fs::exists(dir / "pwned2"));
    // Its working folder is the one given; stderr goes to the same log.
    const ProcessOutcome q = run_process({{*find_executable("sh"), "-c", "pwd; echo oops >&2; exit 3"}, dir, dir / "pwd.log", 10, 1});
    CHECK(q.exit_code == 3);
    CHECK(dtop::fe::read_text((dir / "pwd.log").string()) == fs::canonical(dir).string() + "\noops\n");
}

TEST_CASE("fe: the time limit ends the solver's whole process group") {
    const fs::path dir = fe_test::fresh_dir("timeout");
    const ProcessOutcome p = run_process({{fe_test::script("slow_solver.sh")}, dir, dir / "solver.log", 0.3, 2});
    REQUIRE(p.started);
    CHECK(p.timed_out);
    CHECK_FALSE(p.exited);
    CHECK(p.signal == SIGTERM);
    CHECK(p.seconds >= 0.3);
    CHECK(ended(child_pid(dir)));  // the grandchild went with it
}

TEST_CASE("fe: a solver that ignores SIGTERM is killed after the grace period") {
    const fs::path dir = fe_test::fresh_dir("stubborn");
    const ProcessOutcome p = run_process({{fe_test::script("stubborn_solver.sh")}, dir, dir / "solver.log", 0.2, 0.3});
    CHECK(p.timed_out);
    CHECK(p.signal == SIGKILL);
    CHECK(p.seconds >= 0.5);
    CHECK(ended(child_pid(dir)));
}

TEST_CASE("fe: a program that cannot start is reported, not waited for") {
    const fs::path dir = fe_test::fresh_dir("nostart");
    const ProcessOutcome p = run_process({{(dir / "missing-solver").string()}, dir, dir / "solver.log", 5, 1});
    CHECK_FALSE(p.started);
    CHECK_THAT(p.start_error, Catch::Contains("cannot start") && Catch::Contains("missing-solver"));
    const ProcessOutcome q = run_process({{*find_executable("true")}, dir / "no-such-folder", dir / "solver.log", 5, 1});
    CHECK_FALSE(q.started);
}

TEST_CASE("fe: the solver is chosen (auto: ABAQUS if on the PATH, else CalculiX) and its command line built") {
    const SolverCommand ccx = resolve_solver("calculix", "");
    CHECK(ccx.solver == Solver::calculix);
    CHECK(ccx.executable == *find_executable("ccx"));
    CHECK(solver_argv(ccx, "frame") == std::vector<std::string>{ccx.executable.string(), "-i", "frame"});

    const SolverCommand abq = resolve_solver("abaqus", fe_test::script("fake_abaqus.sh"));
    CHECK(abq.solver == Solver::abaqus);
    CHECK(solver_argv(abq, "frame") ==
          std::vector<std::string>{fe_test::fixture("fake_abaqus.sh"), "job=frame", "input=frame.inp", "interactive", "ask_delete=OFF"});

    // auto, with an `abaqus` on the PATH, and without.
    const fs::path bin = fe_test::fresh_dir("auto_bin");
    fs::copy_file(fe_test::script("fake_abaqus.sh"), bin / "abaqus");
    fs::permissions(bin / "abaqus", fs::perms::owner_exec, fs::perm_options::add);
    {
        ScopedEnv path("PATH", bin.string() + ":" + std::getenv("PATH"));
        const SolverCommand a = resolve_solver("auto", "");
        CHECK(a.solver == Solver::abaqus);
        CHECK(a.executable == bin / "abaqus");
    }
    CHECK(resolve_solver("auto", "").solver == Solver::calculix);  // no ABAQUS here
    CHECK_THROWS_WITH(resolve_solver("abaqus", ""), Catch::Contains("'abaqus' is not an executable file on the PATH"));
    CHECK_THROWS_WITH(resolve_solver("calculix", "/no/such/ccx"), Catch::Contains("'/no/such/ccx' is not an executable file"));
    CHECK_THROWS_WITH(resolve_solver("auto", "ccx"), Catch::Contains("say which solver"));
    {
        ScopedEnv path("PATH", bin.string());
        fs::remove(bin / "abaqus");
        CHECK_THROWS_WITH(resolve_solver("auto", ""), Catch::Contains("neither 'abaqus' nor 'ccx'"));
    }
}
