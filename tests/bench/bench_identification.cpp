// Identification and model updating (plugins/identification): calibration from the nominal model on
// one 60 s record (target < 0.5 s single-threaded), H1 FRF estimation of a 60 s record at 1 kHz
// (target < 20 ms), modal extraction of a 4,096-line FRF (target < 50 ms). The data are the shipped
// records and FRF file, read once outside the timing.
#include "frf_estimate.hpp"
#include "frf_file.hpp"
#include "lscf.hpp"
#include "record_file.hpp"
#include "record_fit.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

using namespace dtop::identification;

namespace {

Record load(const std::string& name) { return read_record(SOURCE_DIR "/data/cristallo/data_th_" + name + ".csv"); }

const std::vector<std::string> kRecords{"impulse", "harmonic", "noise"};

void calibrate_record(benchmark::State& state) {
    const auto which = static_cast<std::size_t>(state.range(0));
    const Record r = load(kRecords[which]);
    RecordFitOptions o;
    o.hold = which == 0 ? Hold::zero_order : Hold::first_order;
    for (auto _ : state) {
        const FitSummary s = fit_to_record(dtop::structural::southampton(), r, o);
        if (!s.converged) state.SkipWithError("did not converge");
        benchmark::DoNotOptimize(s.x.data());
    }
    state.SetLabel(kRecords[which]);
}
BENCHMARK(calibrate_record)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);

void frf_estimation(benchmark::State& state) {
    const Record r = load("noise");
    for (auto _ : state) {
        const FrfEstimate e = estimate_frf(r.force, r.velocity, 1000.0, 8192, 0.5, Window::hann);
        benchmark::DoNotOptimize(e.H.data());
    }
}
BENCHMARK(frf_estimation)->Unit(benchmark::kMillisecond);

void modal_extraction(benchmark::State& state) {
    const MeasuredFrf m = read_frf_file(SOURCE_DIR "/data/cristallo-frf/frf_force_floor1.csv", FrfFileOptions{});
    StabilisationOptions o;  // the whole FRF, all 4,096 lines, orders 2-40
    o.f_low = m.f_hz[0];
    o.f_high = m.f_hz[m.f_hz.size() - 1];
    for (auto _ : state) {
        const ModalFit fit = extract_modes(m.f_hz, m.H, Quantity::accelerance, o, 3);
        benchmark::DoNotOptimize(fit.synthesis.data());
    }
    state.SetLabel(std::to_string(m.f_hz.size()) + " lines");
}
BENCHMARK(modal_extraction)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
