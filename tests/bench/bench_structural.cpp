// Structural-control speed targets (single-threaded): one TMD or DVF spectrum under 2 ms, one LQG
// design plus spectrum under 10 ms, a TMD optimisation under 0.2 s, on the default 9,901-point grid.
#include "control.hpp"
#include "spectrum.hpp"
#include "tmd_design.hpp"

#include <benchmark/benchmark.h>

using namespace dtop::structural;

namespace {

const ShearFrame kFrame = southampton();
const Eigen::VectorXd kHz = FrequencyGrid{}.hz();
const Eigen::VectorXd kW = 2 * M_PI * kHz;

Device device_on(int floor) {
    Device d;
    d.floor = floor;
    return d;
}

void structural_bare_spectrum(benchmark::State& state) {
    for (auto _ : state) {
        const Assembled b = bare(kFrame);
        benchmark::DoNotOptimize(kinetic_energy(frequency_response(mechanical(b), kW), b.floor_mass, kHz).integrated);
    }
}
BENCHMARK(structural_bare_spectrum)->Unit(benchmark::kMillisecond);

void structural_tmd_spectrum(benchmark::State& state) {
    for (auto _ : state) {
        const Assembled s = with_device(kFrame, device_on(3));
        benchmark::DoNotOptimize(kinetic_energy(frequency_response(mechanical(s), kW), s.floor_mass, kHz).integrated);
    }
}
BENCHMARK(structural_tmd_spectrum)->Unit(benchmark::kMillisecond);

void structural_dvf_spectrum(benchmark::State& state) {
    const Actuator act;
    const Compensator comp{state.range(0) != 0, 6.5, 0.0612, 3.0, 0.5};
    for (auto _ : state) {
        const Assembled s = with_device(kFrame, device_on(1));
        const StateSpace cl = dvf_closed_loop(s, 5.0, act, comp);
        benchmark::DoNotOptimize(kinetic_energy(frequency_response(cl, kW), s.floor_mass, kHz, act.effort_factor(s)).integrated);
    }
}
BENCHMARK(structural_dvf_spectrum)->ArgName("compensator")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// What the dvf plugin adds to the spectrum: stability, critical gain, open loop.
void structural_dvf_full(benchmark::State& state) {
    const Actuator act;
    const Compensator comp;
    for (auto _ : state) {
        const Assembled s = with_device(kFrame, device_on(1));
        const StateSpace cl = dvf_closed_loop(s, 5.0, act, comp);
        benchmark::DoNotOptimize(stability_abscissa(cl.A));
        benchmark::DoNotOptimize(dvf_critical_gain(s, act, comp));
        benchmark::DoNotOptimize(kinetic_energy(frequency_response(cl, kW), s.floor_mass, kHz, act.effort_factor(s)).integrated);
        benchmark::DoNotOptimize(dvf_open_loop(s, 5.0, act, comp, kW).size());
    }
}
BENCHMARK(structural_dvf_full)->Unit(benchmark::kMillisecond);

void structural_lqg_design_and_spectrum(benchmark::State& state) {
    const Actuator act;
    for (auto _ : state) {
        const Assembled s = with_device(kFrame, device_on(static_cast<int>(state.range(0))));
        const LqgDesign d = design_lqg(s, LqgWeights{}, act);
        benchmark::DoNotOptimize(kinetic_energy(lqg_response(s, d, act, kW), s.floor_mass, kHz, act.effort_factor(s)).integrated);
    }
}
BENCHMARK(structural_lqg_design_and_spectrum)->ArgName("floor")->DenseRange(1, 3)->Unit(benchmark::kMillisecond);

void structural_tmd_optimisation(benchmark::State& state) {
    int evaluations = 0;
    for (auto _ : state) {
        const Optimum o = optimise_tmd(kFrame, device_on(3), Bounds{}, FrequencyGrid{});
        evaluations = o.evaluations;
        benchmark::DoNotOptimize(o.integrated);
    }
    state.counters["evaluations"] = evaluations;
}
BENCHMARK(structural_tmd_optimisation)->Unit(benchmark::kMillisecond);

}  // namespace
