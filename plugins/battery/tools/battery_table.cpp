// battery_table: the accuracy table of plugins/battery/README.md. Trains the twin with its default
// settings on every cell and protocol and prints its RMSE on the predicted cycles next to the
// baselines', as a Markdown table.
//
//   battery_table [--data DIR] [--inputs measured|assumed] [--windows 40,60,80,100,120]
//                 [--seed N] [--epochs N] [--batch N] [--ensemble N] [--layers N] [--width N]
//                 [--learning-rate X] [--features a,b,...] [--calibrate-k]
//
// Protocols: cycles 1-80 and the next 3; cycles 1-80 and the rest; the first half and the rest; and
// with --windows, 1-N and the next 3 / the rest for each N.
#include "baselines.hpp"
#include "report.hpp"
#include "twin.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace dtop::battery;

namespace {

struct Protocol {
    std::string name;
    int64_t train_to;   // last training cycle; 0 with a fraction
    double fraction;    // > 0: the first fraction of the cycles
    int64_t horizon;    // 0: the rest
};

std::vector<int64_t> parse_list(const char* text) {
    std::vector<int64_t> v;
    for (const char* p = text; *p;) {
        char* end = nullptr;
        v.push_back(std::strtoll(p, &end, 10));
        p = *end == ',' ? end + 1 : end;
        if (end == p && *p) break;
    }
    return v;
}

}  // namespace

int main(int argc, char** argv) {
    std::string data = DTOP_BATTERY_DATA_DIR;
    ForecastSettings forecast;
    TwinSettings settings;
    std::vector<Protocol> protocols{{"1-80, next 3", 80, 0, 3}, {"1-80, rest", 80, 0, 0}, {"first half, rest", 0, 0.5, 0}};
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
        if (a == "--data" && value) data = argv[++i];
        else if (a == "--inputs" && value) {
            forecast.inputs = std::string(argv[++i]) == "assumed" ? OperatingInputs::assumed : OperatingInputs::measured;
        } else if (a == "--seed" && value) settings.seed = std::strtoull(argv[++i], nullptr, 10);
        else if (a == "--epochs" && value) settings.epochs = std::atoi(argv[++i]);
        else if (a == "--batch" && value) settings.batch = std::atoi(argv[++i]);
        else if (a == "--ensemble" && value) settings.ensemble = std::atoi(argv[++i]);
        else if (a == "--layers" && value) settings.layers = std::atoi(argv[++i]);
        else if (a == "--width" && value) settings.width = std::atoi(argv[++i]);
        else if (a == "--learning-rate" && value) settings.learning_rate = std::atof(argv[++i]);
        else if (a == "--features" && value) settings.features = parse_features(argv[++i]);
        else if (a == "--calibrate-k") settings.calibrate_k = true;
        else if (a == "--windows" && value) {
            for (int64_t n : parse_list(argv[++i])) {
                protocols.push_back({"1-" + std::to_string(n) + ", next 3", n, 0, 3});
                protocols.push_back({"1-" + std::to_string(n) + ", rest", n, 0, 0});
            }
        } else {
            std::fprintf(stderr, "usage: battery_table [--data DIR] [--inputs measured|assumed] [--windows N,N,...] [--seed N]\n"
                                 "       [--epochs N] [--batch N] [--ensemble N] [--layers N] [--width N] [--learning-rate X]\n"
                                 "       [--features physics,cycle,temperature,discharge_time] [--calibrate-k]\n");
            return 2;
        }
    }
    forecast.future_cycles = 0;

    const EngineApi& engine = *dtop_battery_engine();
    std::printf("| cell | protocol | physics alone | last value | linear trend | twin | band coverage | twin best? |\n");
    std::printf("|---|---|---|---|---|---|---|---|\n");
    int wins = 0, rows = 0;
    double seconds = 0, rmse_sum = 0;
    for (const char* cell : {"B0005", "B0006", "B0007", "B0018"}) {
        const Cycles c = read_cycles_csv(data + "/" + cell + ".csv");
        for (const auto& p : protocols) {
            if (p.fraction == 0 && p.train_to >= static_cast<int64_t>(c.cycle.back())) continue;
            const Window w = resolve_window(c, 1, p.train_to, p.fraction);
            forecast.horizon = p.horizon;
            const auto start = std::chrono::steady_clock::now();
            const Twin twin = Twin::train(engine, c, w, settings);
            seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            const ForecastRows fr = forecast_rows(c, w, forecast);
            const Report r = make_report(c, w, fr, twin.predict(fr), kDefaultEndOfLifeAh);
            // errors: twin, physics, last-value, linear-trend
            const double twin_rmse = r.errors[0].errors.rmse;
            const double best = std::min({r.errors[1].errors.rmse, r.errors[2].errors.rmse, r.errors[3].errors.rmse});
            wins += twin_rmse < best;
            rmse_sum += twin_rmse;
            ++rows;
            std::printf("| %s | %s | %.4f | %.4f | %.4f | **%.4f** | %.0f %% | %s |\n", cell, p.name.c_str(), r.errors[1].errors.rmse,
                        r.errors[2].errors.rmse, r.errors[3].errors.rmse, twin_rmse, 100 * r.errors[0].band_coverage.value_or(0),
                        twin_rmse < best ? "yes" : "no");
        }
    }
    std::printf("\nRMSE in Ah on the predicted cycles; operating inputs of the predicted cycles: %s.\n",
                forecast.inputs == OperatingInputs::measured ? "measured" : "assumed (mean of the last 10 training cycles)");
    std::printf("The twin beats the best baseline on %d of %d rows (mean RMSE %.4f Ah); training took %.2f s per twin on average.\n",
                wins, rows, rmse_sum / rows, seconds / rows);
    return 0;
}
