#include "analysis.hpp"

#include "deck.hpp"
#include "job_name.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>

namespace dtop::fe {

namespace fs = std::filesystem;

namespace {

double since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

void write_file(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary);
    out << text;
    if (!out.flush()) throw std::runtime_error("cannot write " + file.string());
}

std::string share_list(const SwaySelection& s) {
    std::string out;
    for (const ModeClass& m : s.modes) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%s%d: %.4g Hz, share %.2f", out.empty() ? "" : "; ", m.mode, m.hz, m.share);
        out += buf;
    }
    return out;
}

}  // namespace

Analysis run_analysis(const AnalysisRequest& r) {
    r.model.check();
    r.extraction.check();
    const int wanted = r.sway_modes > 0 ? r.sway_modes : r.model.storeys;
    if (wanted > r.extraction.modes)
        throw InvalidParameter("sway_modes", std::to_string(wanted) + " sway modes need at least as many extracted modes (modes = " +
                                                 std::to_string(r.extraction.modes) + ")");
    Analysis a;
    a.files = JobFiles{r.work_dir / sanitise_job_name(r.job), sanitise_job_name(r.job)};

    // A fresh folder: an old .dat must never pass for this run's results.
    auto t = std::chrono::steady_clock::now();
    fs::remove_all(a.files.dir);
    fs::create_directories(a.files.dir);
    a.mesh = build_mesh(r.model);
    write_file(a.files.deck(), abaqus_deck(r.model, a.mesh, r.extraction, r.heading));
    a.deck_seconds = since(t);

    t = std::chrono::steady_clock::now();
    a.process = support::run_process({solver_argv(r.solver, a.files.name), a.files.dir, a.files.log(), r.time_limit, r.grace});
    a.solve_seconds = since(t);

    t = std::chrono::steady_clock::now();
    Judgement j = judge_run(r.solver.solver, a.process, a.files, r.extraction);
    a.verdict = std::move(j.verdict);
    a.table = std::move(j.table);
    if (a.table) {
        ModeShapes shapes;
        try {
            shapes = parse_mode_shapes(j.dat, a.table->layout, kFloorSet);
        } catch (const DatError& e) {
            a.verdict.warnings.push_back(std::string("floor displacements unreadable, modes not identified: ") + e.what());
        }
        a.sway = select_sway_modes(*a.table, shapes, a.mesh.floors, wanted);
        if (!a.sway.shapes_available)
            a.verdict.warnings.push_back("no floor displacements in the .dat: the first modes are taken as the sway modes, unchecked");
        if (static_cast<int>(a.sway.selected.size()) < wanted)
            a.verdict.findings.push_back(
                {Problem::too_few_sway_modes, std::to_string(a.sway.selected.size()) + " of the " + std::to_string(wanted) +
                                                  " sway modes wanted among the " + std::to_string(a.table->rows.size()) +
                                                  " modes extracted (" + share_list(a.sway) +
                                                  "): extract more modes or widen the frequency range"});
    }
    a.read_seconds = since(t);
    return a;
}

}  // namespace dtop::fe
