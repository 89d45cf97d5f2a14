// Structural-control speed targets (single-threaded): one TMD or DVF spectrum under 2 ms, one LQG
// design plus spectrum under 10 ms, a TMD optimisation under 0.2 s, on the default 9,901-point grid.
// Tall frames (issue 10, part 8; the rig's storey repeated 3 to 100 times, device on floor 3): LQG
// design + spectrum under 1 s at 50 storeys and under 5 s and 500 MB at 100; TMD and DVF spectra under
// 50 ms at 100. Each of those also reports peak_rss_MB: the peak resident memory of a forked child
// that runs the same work once (it starts from the benchmark process's own footprint, baseline_rss_MB).
#include "control.hpp"
#include "modal_spectrum.hpp"
#include "spectrum.hpp"
#include "tmd_design.hpp"

#include <benchmark/benchmark.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>

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

// --- tall frames -------------------------------------------------------------------------------

ShearFrame storeys(Eigen::Index n) {
    ShearFrame f = southampton();
    f.mass = Eigen::VectorXd::Constant(n, f.mass[0]);
    f.stiffness = Eigen::VectorXd::Constant(n, f.stiffness[0]);
    return f;
}

double current_rss_mb() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

// Runs `work` once in a forked child and returns the child's peak resident set (MB), from wait4.
double child_peak_rss_mb(const std::function<void()>& work) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        work();
        std::_Exit(0);
    }
    int status = 0;
    rusage usage{};
    if (pid < 0 || ::wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

template <class Work>
void run_tall(benchmark::State& state, Work&& work) {
    for (auto _ : state) benchmark::DoNotOptimize(work());
    state.counters["baseline_rss_MB"] = current_rss_mb();
    state.counters["peak_rss_MB"] = child_peak_rss_mb([&] { benchmark::DoNotOptimize(work()); });
    state.counters["states"] = static_cast<double>(2 * (state.range(0) + 1));
}

Device tall_device() { return device_on(3); }

void structural_storeys_tmd_spectrum(benchmark::State& state) {
    const ShearFrame f = storeys(state.range(0));
    run_tall(state, [&] {
        return passive_spectrum(with_device(f, tall_device()), kHz).integrated;  // as the tmd plugin
    });
}

void structural_storeys_dvf_spectrum(benchmark::State& state) {
    const ShearFrame f = storeys(state.range(0));
    const Actuator act;
    run_tall(state, [&] {  // as the dvf plugin: the modal path (the state-space one if it declines)
        const Assembled s = with_device(f, tall_device());
        const std::optional<Spectrum> m = modal_spectrum(s, kHz, act.effort_factor(s), [&](double) { return std::complex<double>(act.Bl * 5.0); });
        return m ? m->integrated : std::nan("");
    });
}

void structural_storeys_lqg_design_and_spectrum(benchmark::State& state) {
    const ShearFrame f = storeys(state.range(0));
    const Actuator act;
    run_tall(state, [&] {
        const Assembled s = with_device(f, tall_device());
        const LqgDesign d = design_lqg(s, LqgWeights{}, act);
        return kinetic_energy(lqg_response(s, d, act, kW), s.floor_mass, kHz, act.effort_factor(s)).integrated;
    });
}

// All the lqg plugin computes: also the open loop for the Nyquist plot and the gain margin.
void structural_storeys_lqg_plugin_work(benchmark::State& state) {
    const ShearFrame f = storeys(state.range(0));
    const Actuator act;
    run_tall(state, [&] {
        const Assembled s = with_device(f, tall_device());
        const LqgDesign d = design_lqg(s, LqgWeights{}, act);
        const double ke = kinetic_energy(lqg_response(s, d, act, kW), s.floor_mass, kHz, act.effort_factor(s)).integrated;
        benchmark::DoNotOptimize(lqg_open_loop(s, d, act, kW).size());
        return ke + lqg_gain_margin(s, d, act);
    });
}

// The dvf plugin's critical-gain scan (stability from 1e-4 up, here up to the loss of stability).
void structural_storeys_dvf_critical_gain(benchmark::State& state) {
    const ShearFrame f = storeys(state.range(0));
    const Actuator act;
    run_tall(state, [&] { return dvf_critical_gain(with_device(f, tall_device()), act, Compensator{}); });
}

}  // namespace

BENCHMARK(structural_storeys_tmd_spectrum)->ArgName("storeys")->Arg(3)->Arg(10)->Arg(30)->Arg(50)->Arg(100)->Unit(benchmark::kMillisecond);
BENCHMARK(structural_storeys_dvf_spectrum)->ArgName("storeys")->Arg(3)->Arg(10)->Arg(30)->Arg(50)->Arg(100)->Unit(benchmark::kMillisecond);
BENCHMARK(structural_storeys_lqg_design_and_spectrum)->ArgName("storeys")->Arg(3)->Arg(10)->Arg(30)->Arg(50)->Arg(100)->Unit(benchmark::kMillisecond);
BENCHMARK(structural_storeys_lqg_plugin_work)->ArgName("storeys")->Arg(3)->Arg(10)->Arg(30)->Arg(50)->Arg(100)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(structural_storeys_dvf_critical_gain)->ArgName("storeys")->Arg(3)->Arg(10)->Arg(30)->Arg(50)->Arg(100)->Iterations(1)->Unit(benchmark::kMillisecond);
