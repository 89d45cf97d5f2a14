// battery_table: the accuracy tables of plugins/battery/README.md. Trains the twin on every cell and
// protocol and prints its RMSE on the predicted cycles next to physics alone and the baselines, as
// Markdown, then end of life predicted from given cycles.
//
//   battery_table [--mode forecast|virtual-sensor] [--data DIR] [--windows 40,60,100,120] [--seed N]
//                 [--eol-from B0005:80,B0006:80,B0018:60] [--curves last-value,linear-trend,...]
//                 [--backtest-share X] [--backtest-weights] [--error-grows-with fade|cycles]
//                 [--backtest-origins N]
//   virtual-sensor only: [--inputs measured|assumed] [--epochs N] [--batch N] [--ensemble N]
//                 [--layers N] [--width N] [--learning-rate X] [--features a,b,...] [--calibrate-k]
//
// Protocols: cycles 1-80 and the next 3; cycles 1-80 and the rest; the first half and the rest; and
// with --windows, 1-N and the next 3 / the rest for each N.
#include "forecast_twin.hpp"
#include "report.hpp"
#include "twin.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
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

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> v;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(sep, start), text.size());
        if (end > start) v.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return v;
}

std::string cycles_text(const std::optional<double>& v) { return v ? std::to_string(std::llround(*v)) : std::string("-"); }

struct Options {
    std::string data = DTOP_BATTERY_DATA_DIR;
    bool forecast = true;
    ForecastSettings rows;
    TwinSettings network;
    ForecastTwinSettings stack;
    std::vector<Protocol> protocols{{"1-80, next 3", 80, 0, 3}, {"1-80, rest", 80, 0, 0}, {"first half, rest", 0, 0.5, 0}};
    std::vector<std::pair<std::string, int64_t>> eol_from{{"B0005", 80}, {"B0006", 80}, {"B0018", 60}};
};

// The twin's predictions for these rows, in the chosen mode; the training time is added to `seconds`.
MemberPredictions predict(const Options& o, const Cycles& c, const Window& w, const ForecastRows& rows, double& seconds) {
    const auto start = std::chrono::steady_clock::now();
    MemberPredictions p = o.forecast ? ForecastTwin::train(c, w, o.stack).predict(rows)
                                     : Twin::train(*dtop_battery_engine(), c, w, o.network).predict(rows);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return p;
}

void accuracy_table(const Options& o) {
    std::printf("| cell | protocol | physics | last value | linear trend | linear fit | exponential | double exp. | twin | band coverage | twin's rank |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|\n");
    int best = 0, near = 0, rows = 0, rest_rows = 0;
    double seconds = 0, rmse_sum = 0, rest_coverage = 0;
    ForecastSettings f = o.rows;
    f.future_cycles = 0;
    for (const char* cell : {"B0005", "B0006", "B0007", "B0018"}) {
        const Cycles c = read_cycles_csv(o.data + "/" + cell + ".csv");
        for (const auto& p : o.protocols) {
            if (p.fraction == 0 && p.train_to >= static_cast<int64_t>(c.cycle.back())) continue;
            const Window w = resolve_window(c, 1, p.train_to, p.fraction);
            f.horizon = p.horizon;
            const ForecastRows fr = forecast_rows(c, w, f);
            const Report r = make_report(c, w, fr, predict(o, c, w, fr, seconds), kDefaultEndOfLifeAh);
            // errors: twin, physics, then the baselines; the rank counts methods strictly better.
            const double twin = r.errors[0].errors.rmse;
            double best_other = 1e300;
            int rank = 1;
            for (std::size_t m = 1; m < r.errors.size(); ++m) {
                const double e = r.errors[m].errors.rmse;
                if (std::isnan(e)) continue;
                best_other = std::min(best_other, e);
                rank += e < twin;
            }
            best += rank == 1;
            near += twin <= 1.1 * best_other;
            rmse_sum += twin;
            ++rows;
            if (p.horizon == 0) rest_coverage += r.errors[0].band_coverage.value_or(0), ++rest_rows;
            std::printf("| %s | %s |", cell, p.name.c_str());
            for (std::size_t m = 1; m < r.errors.size(); ++m) std::printf(" %.4f |", r.errors[m].errors.rmse);
            std::printf(" **%.4f** | %.0f %% | %d%s |\n", twin, 100 * r.errors[0].band_coverage.value_or(0), rank,
                        rank > 1 && twin <= 1.1 * best_other ? " (within 10 %)" : "");
        }
    }
    std::printf("\nMode: %s. RMSE in Ah on the predicted cycles.\n",
                o.forecast ? "forecast (nothing after the window reaches the twin)"
                : o.rows.inputs == OperatingInputs::measured ? "virtual sensor (measured T_i, t_i of the predicted cycles)"
                                                             : "the network twin with assumed T_i, t_i (mean of the last 10 training cycles)");
    std::printf("The twin is best on %d of %d rows and within 10 %% of the best on %d; mean RMSE %.4f Ah; band coverage %.0f %% "
                "on average over the %d \"rest\" rows; training took %.3f s per twin on average.\n",
                best, rows, near, rmse_sum / rows, 100 * rest_coverage / std::max(rest_rows, 1), rest_rows, seconds / rows);
}

void end_of_life_table(const Options& o) {
    std::printf("\n| cell | predicted at cycle | predicted EOL | band (5-95 %%) | measured EOL | error (cycles) | inside band? |\n");
    std::printf("|---|---|---|---|---|---|---|\n");
    ForecastSettings f = o.rows;
    for (const auto& [cell, at] : o.eol_from) {
        const Cycles c = read_cycles_csv(o.data + "/" + cell + ".csv");
        const Window w = resolve_window(c, 1, at, 0);
        const ForecastRows fr = forecast_rows(c, w, f);
        double seconds = 0;
        const Report r = make_report(c, w, fr, predict(o, c, w, fr, seconds), kDefaultEndOfLifeAh);
        const EndOfLife& e = r.end_of_life;
        const bool inside = e.measured_cycle && e.earliest && *e.earliest <= *e.measured_cycle && (!e.latest || *e.latest >= *e.measured_cycle);
        std::printf("| %s | %lld | %s | %s-%s | %s | %s | %s |\n", cell.c_str(), static_cast<long long>(at), cycles_text(e.cycle).c_str(),
                    cycles_text(e.earliest).c_str(), cycles_text(e.latest).c_str(), cycles_text(e.measured_cycle).c_str(),
                    e.cycle && e.measured_cycle ? std::to_string(std::llround(*e.cycle - *e.measured_cycle)).c_str() : "-",
                    !e.measured_cycle ? "beyond the data" : inside ? "yes" : "no");
    }
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    o.rows.inputs = OperatingInputs::assumed;
    bool inputs_given = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
        if (a == "--data" && value) o.data = argv[++i];
        else if (a == "--mode" && value) {
            const std::string m = argv[++i];
            if (m != "forecast" && m != "virtual-sensor") value = nullptr, --i;
            o.forecast = m == "forecast";
            if (!value) goto usage;
        } else if (a == "--inputs" && value) {
            inputs_given = true;
            o.rows.inputs = std::string(argv[++i]) == "assumed" ? OperatingInputs::assumed : OperatingInputs::measured;
        } else if (a == "--seed" && value) o.network.seed = o.stack.seed = std::strtoull(argv[++i], nullptr, 10);
        else if (a == "--epochs" && value) o.network.epochs = std::atoi(argv[++i]);
        else if (a == "--batch" && value) o.network.batch = std::atoi(argv[++i]);
        else if (a == "--ensemble" && value) o.network.ensemble = std::atoi(argv[++i]);
        else if (a == "--layers" && value) o.network.layers = std::atoi(argv[++i]);
        else if (a == "--width" && value) o.network.width = std::atoi(argv[++i]);
        else if (a == "--learning-rate" && value) o.network.learning_rate = std::atof(argv[++i]);
        else if (a == "--features" && value) o.network.features = parse_features(argv[++i]);
        else if (a == "--calibrate-k") o.network.calibrate_k = true;
        else if (a == "--backtest-share" && value) o.stack.backtest_share = std::atof(argv[++i]);
        else if (a == "--backtest-weights") o.stack.backtest_weights = true;
        else if (a == "--backtest-origins" && value) o.stack.backtest_origins = std::atoi(argv[++i]);
        else if (a == "--error-grows-with" && value) {
            const std::string x = argv[++i];
            if (x != "fade" && x != "cycles") goto usage;
            o.stack.error_grows_with_fade = x == "fade";
        }
        else if (a == "--curves" && value) {
            o.stack.members.clear();
            for (const auto& name : split(argv[++i], ',')) o.stack.members.push_back(curve_kind(name));
        }
        else if (a == "--windows" && value) {
            for (const auto& n : split(argv[++i], ',')) {
                o.protocols.push_back({"1-" + n + ", next 3", std::stoll(n), 0, 3});
                o.protocols.push_back({"1-" + n + ", rest", std::stoll(n), 0, 0});
            }
        } else if (a == "--eol-from" && value) {
            o.eol_from.clear();
            for (const auto& item : split(argv[++i], ',')) {
                const auto parts = split(item, ':');
                if (parts.size() != 2) goto usage;
                o.eol_from.emplace_back(parts[0], std::stoll(parts[1]));
            }
        } else {
            goto usage;
        }
    }
    // A virtual sensor reads the measured inputs unless told otherwise; a forecast never does.
    if (!o.forecast && !inputs_given) o.rows.inputs = OperatingInputs::measured;
    if (o.forecast) o.rows.inputs = OperatingInputs::assumed;
    accuracy_table(o);
    end_of_life_table(o);
    return 0;
usage:
    std::fprintf(stderr, "usage: battery_table [--mode forecast|virtual-sensor] [--data DIR] [--windows N,N,...] [--seed N]\n"
                         "       [--eol-from CELL:CYCLE,...] [--backtest-share X] [--backtest-weights]\n"
                         "       [--error-grows-with fade|cycles] [--backtest-origins N]\n"
                         "       [--curves last-value,linear-trend,linear-fit,exponential,double-exponential,physics,regeneration,kalman-trend]\n"
                         "  virtual-sensor: [--inputs measured|assumed] [--epochs N] [--batch N] [--ensemble N] [--layers N]\n"
                         "       [--width N] [--learning-rate X] [--features physics,cycle,temperature,discharge_time] [--calibrate-k]\n");
    return 2;
}
