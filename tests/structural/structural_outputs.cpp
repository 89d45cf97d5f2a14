// structural_outputs: the comparison of issue 10, part 8, kept as a command.
//   structural_outputs compare EXPECTED_DIR ACTUAL_DIR        every value of two runs' outputs
//   structural_outputs record RUN_DIR EXPECTED.json [SAMPLES] store a run's outputs (sampled series)
//   structural_outputs check EXPECTED.json ACTUAL_DIR         a run against stored outputs
//   structural_outputs scenario DTOP SCENARIO EXPECTED.json OUT_DIR [--needs PROGRAM]
//       runs `DTOP run SCENARIO --out OUT_DIR` and checks it; exit 77 (skipped) if PROGRAM is not on PATH
// Exit 0 when they agree (1e-9 relative, 1e-12 of the series' largest magnitude), 1 when they differ.
#include "output_digest.hpp"
#include "process.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kSkipped = 77;
constexpr std::size_t kAll = static_cast<std::size_t>(-1);

int report(const std::vector<std::string>& diffs, const std::string& what) {
    for (std::size_t k = 0; k < diffs.size() && k < 40; ++k) std::cerr << diffs[k] << "\n";
    if (diffs.size() > 40) std::cerr << "... " << diffs.size() - 40 << " more\n";
    std::cout << what << (diffs.empty() ? ": outputs agree\n" : ": " + std::to_string(diffs.size()) + " differences\n");
    return diffs.empty() ? 0 : 1;
}

json load(const fs::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error(file.string() + ": cannot read");
    return json::parse(in);
}

int check(const fs::path& expected_file, const fs::path& dir) {
    const json expected = load(expected_file);
    const json actual = dtop::test::digest_folder(dir, expected["max_samples"].get<std::size_t>());
    return report(dtop::test::compare_digests(expected["files"], actual), dir.string() + " against " + expected_file.string());
}

bool on_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::stringstream s(path ? path : "");
    std::string d;
    while (std::getline(s, d, ':'))
        if (!d.empty() && ::access((fs::path(d) / program).c_str(), X_OK) == 0) return true;
    return false;
}

int scenario(const std::vector<std::string>& a) {
    if (a.size() == 6 && a[4] == "--needs" && !on_path(a[5])) {
        std::cout << "skipped: the scenario needs " << a[5] << ", which is not on PATH\n";
        return kSkipped;
    }
    fs::remove_all(a[3]);
    const auto run = dtop::test::run_process({a[0], "run", a[1], "--out", a[3]});
    if (run.code != 0) {
        std::cerr << run.out << run.err << "dtop run " << a[1] << " failed (exit " << run.code << ")\n";
        return 1;
    }
    return check(a[2], a[3]);
}

}  // namespace

int main(int argc, char** argv) try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const std::string cmd = args.empty() ? "" : args[0];
    if (cmd == "compare" && args.size() == 3)
        return report(dtop::test::compare_digests(dtop::test::digest_folder(args[1], kAll), dtop::test::digest_folder(args[2], kAll)),
                      args[2] + " against " + args[1]);
    if (cmd == "record" && (args.size() == 3 || args.size() == 4)) {
        const std::size_t samples = args.size() == 4 ? std::stoul(args[3]) : 200;
        const json out = {{"max_samples", samples}, {"files", dtop::test::digest_folder(args[1], samples)}};
        std::ofstream(args[2]) << out.dump(1) << "\n";
        return 0;
    }
    if (cmd == "check" && args.size() == 3) return check(args[1], args[2]);
    if (cmd == "scenario" && (args.size() == 5 || args.size() == 7))
        return scenario(std::vector<std::string>(args.begin() + 1, args.end()));
    std::cerr << "usage: structural_outputs compare EXPECTED_DIR ACTUAL_DIR\n"
                 "       structural_outputs record RUN_DIR EXPECTED.json [SAMPLES]\n"
                 "       structural_outputs check EXPECTED.json ACTUAL_DIR\n"
                 "       structural_outputs scenario DTOP SCENARIO EXPECTED.json OUT_DIR [--needs PROGRAM]\n";
    return 2;
} catch (const std::exception& e) {
    std::cerr << "structural_outputs: " << e.what() << "\n";
    return 2;
}
