// Battery twin speed targets (plugins/battery): training one twin on 80 cycles, its ensemble and
// backtest included, under 2 s on 2 cores; predicting 1,000 future cycles, band and end of life
// included, under 10 ms; the forecast of one cell with its uncertainty under 2 s; the RUL sweep of
// the four cells from every 10th cycle under 30 s. An executable of its own (battery_bench): it
// loads LibTorch.
#include "forecast_twin.hpp"
#include "rul_sweep.hpp"
#include "twin.hpp"

#include <benchmark/benchmark.h>

using namespace dtop::battery;

namespace {

const Cycles& b0005() {
    static const Cycles c = read_cycles_csv(SOURCE_DIR "/data/nasa/B0005.csv");
    return c;
}
const Window kWindow{0, 79};  // cycles 1-80

void battery_train_80_cycles(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(Twin::train(*dtop_battery_engine(), b0005(), kWindow, TwinSettings{}).info().physics.k);
}
BENCHMARK(battery_train_80_cycles)->Unit(benchmark::kMillisecond)->UseRealTime();

// From the last training cycle: 88 measured cycles, then future ones up to 1,000 in all.
void battery_predict_1000_cycles(benchmark::State& state) {
    static const Twin twin = Twin::train(*dtop_battery_engine(), b0005(), kWindow, TwinSettings{});
    ForecastSettings f;
    f.future_cycles = 1000 - static_cast<int64_t>(b0005().size() - 80);
    for (auto _ : state) {
        const ForecastRows rows = forecast_rows(b0005(), kWindow, f);
        const Report r = make_report(b0005(), kWindow, rows, twin.predict(rows), kDefaultEndOfLifeAh);
        benchmark::DoNotOptimize(r.end_of_life.cycle);
    }
    state.counters["predicted_cycles"] = static_cast<double>(f.future_cycles + 88);
}
BENCHMARK(battery_predict_1000_cycles)->Unit(benchmark::kMillisecond)->UseRealTime();

// Forecast mode: the stack fitted on cycles 1-80 with its backtest, then every measured cycle after
// it and 200 beyond, with band, the baselines' errors and end of life.
void battery_forecast_train_and_predict(benchmark::State& state) {
    ForecastSettings f;
    f.inputs = OperatingInputs::assumed;
    for (auto _ : state) {
        const ForecastTwin twin = ForecastTwin::train(b0005(), kWindow, ForecastTwinSettings{});
        const ForecastRows rows = forecast_rows(b0005(), kWindow, f);
        const Report r = make_report(b0005(), kWindow, rows, twin.predict(rows), kDefaultEndOfLifeAh);
        benchmark::DoNotOptimize(r.end_of_life.cycle);
    }
}
BENCHMARK(battery_forecast_train_and_predict)->Unit(benchmark::kMillisecond)->UseRealTime();

// What scenarios/battery-rul.yaml computes: end of life from every 10th cycle of the four cells.
void battery_rul_sweep_four_cells(benchmark::State& state) {
    std::vector<Cycles> cells;
    for (const char* cell : {"B0005", "B0006", "B0007", "B0018"})
        cells.push_back(read_cycles_csv(std::string(SOURCE_DIR "/data/nasa/") + cell + ".csv"));
    std::size_t predictions = 0;
    for (auto _ : state) {
        predictions = 0;
        for (const auto& c : cells) predictions += rul_sweep(c, RulSweepSettings{}).size();
        benchmark::DoNotOptimize(predictions);
    }
    state.counters["predictions"] = static_cast<double>(predictions);
}
BENCHMARK(battery_rul_sweep_four_cells)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
