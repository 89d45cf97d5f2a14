// battery-rul: end of life predicted from every `every`-th cycle of a cell, in forecast mode (each
// prediction sees only the cycles up to its time), scored with the prognostic metrics of Saxena et
// al. (2008): RUL error per prediction time, alpha-lambda accuracy, prognostic horizon, the band's
// coverage; and the picture of predicted against true RUL with the alpha cone.
#include "forecast_outputs.hpp"
#include "gnuplot.hpp"
#include "outputs.hpp"
#include "rul_picture.hpp"
#include "rul_sweep.hpp"

#include <dtop/plugin.hpp>

#include <filesystem>
#include <fstream>
#include <optional>

using namespace dtop::battery;
namespace fs = std::filesystem;

struct BatteryRul : dtop::Node {
    dtop::Path cell_file{"${DTOP_DATA}/nasa/B0005.csv"};
    std::string label;
    int64_t train_from = 1, first_prediction = 20, every = 10, future_cycles = 200;
    double eol_threshold = kDefaultEndOfLifeAh;
    double alpha = kDefaultAlpha, lambda = kDefaultLambda;
    int64_t assumption_cycles = 10, physics_samples = 16, seed = 1;
    std::string curves = "last-value,linear-trend,linear-fit,exponential,physics";
    bool backtest_weights = false;
    std::string error_grows_with = "fade";
    int64_t backtest_origins = 4;
    bool plot = true;

    dtop::In<dtop::Table> cycles;
    dtop::Out<dtop::Series> rul;
    dtop::Out<dtop::Json> prognostics;

    static void describe(dtop::Spec<BatteryRul>& s) {
        s.name("battery-rul").version("1.0.0").summary("Remaining useful life of a Li-ion cell predicted from every N-th cycle (forecast mode), with Saxena's prognostic metrics");
        s.doc("From cycle first_prediction on, every `every` cycles up to the measured end of life (or the last cycle), trains "
              "battery-twin's forecast (fade curves and physics, weighted by a backtest inside the window) on cycles "
              "train_from..now only and predicts the first cycle below eol_threshold, with its 5-95 % band. Scores the "
              "predictions against the measured end of life: RUL error per prediction time, alpha-lambda accuracy (Saxena et "
              "al. 2008: at t_lambda = t_first + lambda (EOL - t_first), within (1 +- alpha) of the true RUL), prognostic "
              "horizon (from the first time all later predictions stay within true RUL +- alpha EOL), and how often the band "
              "holds the true RUL. A cell that never reaches the threshold has its RUL 'beyond the data'. rul.png: predicted "
              "against true RUL with the alpha cone.");
        s.param("cell_file", &BatteryRul::cell_file).doc("a cell's per-cycle CSV, read when `cycles` is not wired");
        s.param("label", &BatteryRul::label).doc("the cell's name in the picture (default: the cell file's name)");
        s.param("train_from", &BatteryRul::train_from).min(0).doc("first cycle of every training window");
        s.param("first_prediction", &BatteryRul::first_prediction).min(1).doc("the first prediction time (cycle)");
        s.param("every", &BatteryRul::every).range(1, 100000).doc("cycles between prediction times");
        s.param("future_cycles", &BatteryRul::future_cycles).range(0, 100000).doc("cycles predicted beyond the last measured one");
        s.param("eol_threshold", &BatteryRul::eol_threshold).unit("Ah").positive().doc("end of life: capacity below this");
        s.param("alpha", &BatteryRul::alpha).range(0, 1).doc("accuracy cone of the alpha-lambda metric and the prognostic horizon");
        s.param("lambda", &BatteryRul::lambda).range(0, 1).doc("where alpha-lambda is evaluated, as a share of the time from the first prediction to end of life");
        s.param("assumption_cycles", &BatteryRul::assumption_cycles).min(1).doc("future T_i / t_i: the mean over this many last training cycles");
        s.param("curves", &BatteryRul::curves)
            .doc("forecast: the fade curves of the stack, from last-value, linear-trend, linear-fit, exponential, "
                 "double-exponential, physics, regeneration (the fade between regeneration jumps plus their mean rate), kalman-trend "
                 "(a Kalman local linear trend, noises by maximum likelihood on the window)");
        s.param("backtest_weights", &BatteryRul::backtest_weights)
            .doc("forecast: weigh the curves by 1 / their mean square error in the backtest inside the window, instead of equally");
        s.param("backtest_origins", &BatteryRul::backtest_origins).range(1, 50)
            .doc("forecast: origins of the rolling backtest that measures the band's error growth, evenly from 50 % of the window "
                 "to backtest_share (1: backtest_share alone, the first version)");
        s.param("error_grows_with", &BatteryRul::error_grows_with).choices("fade|cycles")
            .doc("forecast: the band's error grows with the fade the twin predicts since the window (an error in the fade rate; "
                 "both edges can reach end of life) or with the cycles ahead (the first version)");
        s.param("physics_samples", &BatteryRul::physics_samples).range(1, 10000).doc("paths of the physics, one per draw of the future T_i / t_i");
        s.param("seed", &BatteryRul::seed).min(0).doc("seed of the operating-condition draws");
        s.param("plot", &BatteryRul::plot).doc("draw rul.png (gnuplot) into the node's results folder when the cell reaches end of life");
        s.input("cycles", &BatteryRul::cycles).optional().unit("*")
            .doc("the cell's cycles: a table with columns cycle, capacity_ah, discharge_time_s, max_temperature_c");
        s.output("rul", &BatteryRul::rul).unit("*").doc("per prediction time (cycle): rul, rul_low, rul_high, true_rul (cycles; NaN: unknown)");
        s.output("prognostics", &BatteryRul::prognostics)
            .doc("per prediction time the predicted, true and error RUL; alpha-lambda, prognostic horizon, RUL RMSE, band coverage");
    }

    std::optional<Cycles> file_cycles;

    RulSweepSettings settings() const {
        RulSweepSettings s;
        s.train_from = train_from;
        s.first_prediction = first_prediction;
        s.every = every;
        s.future_cycles = future_cycles;
        s.threshold_ah = eol_threshold;
        s.twin.members = parse_curves(curves);
        s.twin.backtest_weights = backtest_weights;
        s.twin.error_grows_with_fade = error_grows_with == "fade";
        s.twin.backtest_origins = static_cast<int>(backtest_origins);
        s.twin.assumption_cycles = assumption_cycles;
        s.twin.physics_samples = static_cast<int>(physics_samples);
        s.twin.seed = static_cast<uint64_t>(seed);
        return s;
    }

    void configure() override {
        try {
            parse_curves(curves);
        } catch (const SettingError& e) {
            throw dtop::ParamError(e.param, e.what());
        }
        if (cycles.is_connected()) return;
        try {
            file_cycles = read_cycles_csv(cell_file.str());
        } catch (const std::exception& e) {
            throw dtop::ParamError("cell_file", e.what());
        }
        try {
            resolve_window(*file_cycles, train_from, first_prediction, 0);  // the first window must exist
        } catch (const SettingError& e) {
            throw dtop::ParamError("first_prediction", e.what());
        }
    }

    void run() override {
        const Cycles data = cycles.is_connected() ? cycles_from_table(*cycles) : *file_cycles;
        std::vector<RulPrediction> predictions;
        try {
            predictions = rul_sweep(data, settings());
        } catch (const SettingError& e) {
            throw dtop::ParamError(e.param, "parameter '" + e.param + "': " + e.what());
        }
        const PrognosticScore score =
            score_predictions(predictions, measured_end_of_life(data, eol_threshold, train_from), alpha, lambda);
        if (plot && score.true_eol) draw(predictions, score);
        rul = rul_series(predictions, score);
        prognostics = dtop::Json{prognostics_json(predictions, score, alpha, lambda, eol_threshold)};
    }

    void draw(const std::vector<RulPrediction>& p, const PrognosticScore& s) const {
        const fs::path dir = output_dir();
        const std::string name = !label.empty() ? label : cycles.is_connected() ? "cell" : fs::path(cell_file.str()).stem().string();
        const fs::path script = dir / "rul.gp";
        std::ofstream(script) << rul_script(p, s, alpha, lambda, name, dir / "rul.png");
        run_gnuplot(script);
    }
};

DTOP_PLUGIN(BatteryRul)
