// Running gnuplot: found on the PATH, run in the script's folder, its output handed back line by
// line; failures and hangs seen for what they are (the words are the plugins', tested there).
#include "process.hpp"
#include "scoped_env.hpp"

#include <dtop_support/gnuplot.hpp>

#include <catch2/catch.hpp>

#include <sys/stat.h>

using dtop::support::find_gnuplot;
using dtop::support::GnuplotRun;
using dtop::support::message_tail;
using dtop::support::run_gnuplot;
using dtop::test::read_file;
using dtop::test::temp_dir;
using dtop::test::write_file;
using dtop::test::ScopedEnv;
namespace fs = std::filesystem;

namespace {

// A stand-in for gnuplot: a shell script.
fs::path stand_in(const fs::path& dir, const std::string& body) {
    const fs::path file = dir / "bin" / "gnuplot";
    write_file(file.string(), "#!/bin/sh\n" + body + "\n");
    ::chmod(file.c_str(), 0755);
    return file;
}

}  // namespace

TEST_CASE("plugin support: gnuplot is the one on the PATH, or none") {
    const fs::path dir = temp_dir("find_gnuplot");
    const fs::path fake = stand_in(dir, "exit 0");
    {
        ScopedEnv path("PATH", fake.parent_path().string());
        CHECK(find_gnuplot() == fake);
    }
    fs::create_directories(dir / "empty");
    ScopedEnv path("PATH", (dir / "empty").string());
    CHECK_FALSE(find_gnuplot());
    CHECK_THAT(dtop::support::kGnuplotMissing, Catch::Contains("apt-get install gnuplot-nox"));
}

TEST_CASE("plugin support: gnuplot runs the script in the script's folder and hands back what it printed") {
    const auto gnuplot = find_gnuplot();
    REQUIRE(gnuplot);  // gnuplot-nox, installed by bootstrap.sh
    const fs::path dir = temp_dir("gnuplot_runs");
    const fs::path script = dir / "hello.gp";
    write_file(script.string(), "print 'first'\nprint ''\nprint 'second'\nset print 'answer.txt'\nprint 6*7\n");
    const GnuplotRun run = run_gnuplot(*gnuplot, script, dir / "hello.log", 30);
    CHECK(run.succeeded());
    CHECK(run.messages == std::vector<std::string>{"first", "second"});  // blank lines left out
    CHECK(read_file((dir / "answer.txt").string()) == "42\n");              // relative to the script's folder
    CHECK(fs::exists(dir / "hello.log"));                                    // the caller's to remove
}

TEST_CASE("plugin support: a gnuplot that fails or hangs is not taken for a success") {
    const fs::path dir = temp_dir("gnuplot_fails");
    write_file((dir / "p.gp").string(), "plot x\n");
    const GnuplotRun failed = run_gnuplot(stand_in(dir, "echo 'line 3: unknown terminal type' >&2; exit 1"), dir / "p.gp", dir / "p.log", 10);
    CHECK_FALSE(failed.succeeded());
    CHECK(failed.process.exit_code == 1);
    CHECK(failed.messages == std::vector<std::string>{"line 3: unknown terminal type"});

    const GnuplotRun hung = run_gnuplot(stand_in(dir, "sleep 30"), dir / "p.gp", dir / "p.log", 0.2);
    CHECK_FALSE(hung.succeeded());
    CHECK(hung.process.timed_out);

    const GnuplotRun missing = run_gnuplot(dir / "no-gnuplot", dir / "p.gp", dir / "p.log", 10);
    CHECK_FALSE(missing.succeeded());
    CHECK_FALSE(missing.process.started);
}

TEST_CASE("plugin support: the tail of gnuplot's messages is the last lines, indented") {
    const std::vector<std::string> lines{"a", "b", "c"};
    CHECK(message_tail(lines, 2) == "\n  b\n  c");
    CHECK(message_tail(lines, 8) == "\n  a\n  b\n  c");
    CHECK(message_tail({}, 8).empty());
}
