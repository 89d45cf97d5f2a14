// Battery twin speed targets (plugins/battery): training one twin on 80 cycles, its ensemble and
// backtest included, under 2 s on 2 cores; predicting 1,000 future cycles, band and end of life
// included, under 10 ms. An executable of its own (battery_bench): it loads LibTorch.
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

}  // namespace

BENCHMARK_MAIN();
