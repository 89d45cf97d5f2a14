// FE adapter speed target: a full adapter run (deck written, CalculiX run, .dat judged and read,
// sway modes picked) at 20 elements per leg under 1 s. Also the parts without the solver: writing
// the deck, and reading a .dat (eigenvalue table, floor displacements, sway selection).
//   cmake --build build --target fe_bench && build/bin/fe_bench
#include <analysis.hpp>
#include <deck.hpp>
#include <mode_shapes.hpp>

#include <benchmark/benchmark.h>

using namespace dtop::fe;

namespace {

void fe_adapter_calculix(benchmark::State& state) {
    AnalysisRequest r;
    r.work_dir = BENCH_OUTPUT_DIR "/fe";
    r.solver = resolve_solver("calculix", "");
    r.model.elements_per_leg = static_cast<int>(state.range(0));
    double deck = 0, solve = 0, read = 0, f1 = 0;
    for (auto _ : state) {
        const Analysis a = run_analysis(r);
        if (!a.verdict.ok()) {
            state.SkipWithError(a.verdict.message(r.solver.solver).c_str());
            break;
        }
        deck += a.deck_seconds;
        solve += a.solve_seconds;
        read += a.read_seconds;
        f1 = a.sway.hz[0];
    }
    const auto per_run = benchmark::Counter::kAvgIterations;
    state.counters["deck_ms"] = benchmark::Counter(1e3 * deck, per_run);
    state.counters["solve_ms"] = benchmark::Counter(1e3 * solve, per_run);
    state.counters["read_ms"] = benchmark::Counter(1e3 * read, per_run);
    state.counters["f1_Hz"] = f1;
}
BENCHMARK(fe_adapter_calculix)->ArgName("elements_per_leg")->Arg(10)->Arg(20)->Arg(40)->Unit(benchmark::kMillisecond)->UseRealTime();

void fe_deck_only(benchmark::State& state) {
    const FrameModel m;
    for (auto _ : state) benchmark::DoNotOptimize(abaqus_deck(m, build_mesh(m), {}, "bench").size());
}
BENCHMARK(fe_deck_only)->Unit(benchmark::kMicrosecond);

void fe_read_dat(benchmark::State& state) {
    const std::string dat = read_text(FE_FIXTURE_DIR "/calculix_frame.dat");
    const FrameMesh mesh = build_mesh(FrameModel{});
    for (auto _ : state) {
        const EigenTable t = parse_calculix_eigenvalues(dat);
        benchmark::DoNotOptimize(select_sway_modes(t, parse_mode_shapes(dat, t.layout, kFloorSet), mesh.floors, 3).hz[0]);
    }
}
BENCHMARK(fe_read_dat)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
