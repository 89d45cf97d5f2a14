// battery-twin: the capacity-fade twin of one Li-ion cell (physics.md section 6), in one of two modes.
// forecast (the default): a stack of fade curves, the physics among them, fitted on the training
// window alone (forecast_twin.hpp); nothing measured after the window reaches it. virtual-sensor:
// physics C_sim = C0 exp(-k T i / t) plus an ensemble of networks trained on its residual, reading
// each predicted cycle's measured T_i and t_i. Either predicts the following cycles with a band,
// scores them against the baselines and predicts end of life; trains, or loads a saved twin.
#include "engine_loader.hpp"
#include "forecast_outputs.hpp"
#include "forecast_twin.hpp"
#include "gnuplot.hpp"
#include "outputs.hpp"
#include "picture.hpp"

#include <dtop/plugin.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>

using namespace dtop::battery;
namespace fs = std::filesystem;

namespace {

// A SettingError (lib) as the parameter error dtop points at.
template <class F>
auto naming_parameter(F f) -> decltype(f()) {
    try {
        return f();
    } catch (const SettingError& e) {
        throw dtop::ParamError(e.param, e.what());
    }
}

}  // namespace

struct BatteryTwin : dtop::Node {
    dtop::Path cell_file{"${DTOP_DATA}/nasa/B0005.csv"};
    std::string label;
    int64_t train_from = 1, train_to = 80;
    double train_fraction = 0;
    int64_t horizon = 0, future_cycles = 200;
    std::string mode = "forecast";
    int64_t assumption_cycles = 10;
    int64_t physics_samples = 16;
    std::string curves = "last-value,linear-trend,linear-fit,exponential,physics";
    bool backtest_weights = false;
    std::string error_grows_with = "fade";
    int64_t backtest_origins = 4;
    double eol_threshold = kDefaultEndOfLifeAh;
    double k = kDefaultFadeConstant;
    bool calibrate_k = false;
    std::string features = "physics,cycle,discharge_time";
    int64_t layers = 1, width = 32, epochs = 150, batch = 16, ensemble = 8, seed = 1;
    double learning_rate = 0.01;
    bool save_twin = false;
    // dtop refuses an empty path, so an optional file is a switch and a path.
    bool load_twin = false;
    dtop::Path twin_file{"twin.json"};
    bool plot = true;

    dtop::In<dtop::Table> cycles;
    dtop::Out<dtop::Series> predictions;
    dtop::Out<dtop::Json> metrics, end_of_life, model;

    static void describe(dtop::Spec<BatteryTwin>& s) {
        s.name("battery-twin").version("2.0.0").summary("Capacity-fade twin of a Li-ion cell: forecast (fade curves + physics) or virtual sensor (physics + LibTorch residual ensemble), RMSE, end of life");
        s.doc("mode: forecast (the default) predicts from the training window alone: a stack of fade curves (last value, linear "
              "trend of the last 20 cycles, linear fit, exponential, and the physics with k fitted on the window), weighted by a "
              "backtest inside the window; future T_i / t_i of the physics: the mean of the last assumption_cycles training cycles, "
              "their spread drawn as physics_samples paths (seeded). Nothing measured after the window reaches the prediction, "
              "its band or end of life. mode: virtual-sensor is the hybrid below, which reads each predicted cycle's measured "
              "T_i and t_i. "
              "Virtual sensor: physics C_sim(i) = C0 exp(-k T_i i / t_i) (C0: capacity of the first training cycle, i counted from it) plus an "
              "ensemble of tanh networks trained on the residual C - C_sim over the training window only, on standardised "
              "features. Predicts every cycle after the window (measured ones with their own T_i and t_i) and future_cycles beyond "
              "the data (T_i, t_i: the mean of the last assumption_cycles cycles). Both modes score the twin, the physics and the "
              "baselines fitted on the window (last value, linear trend of the last 20 cycles, linear fit, exponential, Saha-Goebel "
              "double exponential) on the first `horizon` predicted cycles (0: all measured ones). The band is 5-95 %: the ensemble's spread "
              "and an error growing with the horizon, measured by a backtest inside the window. End of life: the first "
              "predicted cycle below eol_threshold; RUL counts from the last training cycle. The data come from the `cycles` "
              "input (any table source, e.g. replay) or from cell_file. save_twin writes twin.json and twin.pt into the node's "
              "results folder; load_twin predicts with such a twin (twin_file) instead of training one. Same seed, same numbers.");
        s.param("cell_file", &BatteryTwin::cell_file)
            .doc("a cell's per-cycle CSV (cycle,capacity_ah,discharge_time_s,max_temperature_c), read when `cycles` is not wired");
        s.param("label", &BatteryTwin::label).doc("the cell's name in the picture (default: the cell file's name)");
        s.param("train_from", &BatteryTwin::train_from).min(0).doc("first cycle of the training window");
        s.param("train_to", &BatteryTwin::train_to).min(0).doc("last cycle of the training window");
        s.param("train_fraction", &BatteryTwin::train_fraction).range(0, 1)
            .doc("when above 0: the window is this share of the cycles from train_from on (0.5: the first half), instead of train_to");
        s.param("horizon", &BatteryTwin::horizon).min(0).doc("predicted cycles to score after the window (0: every measured one)");
        s.param("future_cycles", &BatteryTwin::future_cycles).range(0, 100000).doc("cycles predicted beyond the last measured one, for end of life");
        s.param("mode", &BatteryTwin::mode).choices("forecast|virtual-sensor")
            .doc("forecast: from the training window alone (end of life, RUL); virtual-sensor: the hybrid network reading each "
                 "predicted cycle's measured T_i and t_i");
        s.param("assumption_cycles", &BatteryTwin::assumption_cycles).min(1)
            .doc("the assumption for future T_i, t_i: their mean over this many last cycles (training ones in forecast mode, "
                 "measured ones beyond the data in virtual-sensor mode)");
        s.param("curves", &BatteryTwin::curves)
            .doc("forecast: the fade curves of the stack, from last-value, linear-trend, linear-fit, exponential, "
                 "double-exponential, physics, regeneration (the fade between regeneration jumps plus their mean rate), kalman-trend "
                 "(a Kalman local linear trend, noises by maximum likelihood on the window)");
        s.param("backtest_weights", &BatteryTwin::backtest_weights)
            .doc("forecast: weigh the curves by 1 / their mean square error in the backtest inside the window, instead of equally");
        s.param("backtest_origins", &BatteryTwin::backtest_origins).range(1, 50)
            .doc("forecast: origins of the rolling backtest that measures the band's error growth, evenly from 50 % of the window "
                 "to backtest_share (1: backtest_share alone, the first version)");
        s.param("error_grows_with", &BatteryTwin::error_grows_with).choices("fade|cycles")
            .doc("forecast: the band's error grows with the fade the twin predicts since the window (an error in the fade rate; "
                 "both edges can reach end of life) or with the cycles ahead (the first version)");
        s.param("physics_samples", &BatteryTwin::physics_samples).range(1, 10000)
            .doc("forecast: paths of the physics, one per draw of the future T_i / t_i");
        s.param("eol_threshold", &BatteryTwin::eol_threshold).unit("Ah").positive().doc("end of life: capacity below this");
        s.param("k", &BatteryTwin::k).positive().doc("virtual-sensor: the physics constant of f_d = k T_i i / t_i (forecast fits k)");
        s.param("calibrate_k", &BatteryTwin::calibrate_k)
            .doc("virtual-sensor: fit k on the training cycles (least squares, C0 fixed) instead of using `k`");
        s.param("features", &BatteryTwin::features)
            .doc("virtual-sensor: the networks' inputs, comma-separated, from physics (C_sim), cycle, temperature, discharge_time");
        s.param("layers", &BatteryTwin::layers).range(1, 8).doc("hidden layers of each network");
        s.param("width", &BatteryTwin::width).range(1, 1024).doc("units per hidden layer (tanh)");
        s.param("epochs", &BatteryTwin::epochs).range(1, 100000).doc("passes over the training cycles");
        s.param("learning_rate", &BatteryTwin::learning_rate).positive().doc("Adam's step size");
        s.param("batch", &BatteryTwin::batch).range(1, 100000).doc("cycles per minibatch");
        s.param("ensemble", &BatteryTwin::ensemble).range(1, 256).doc("networks in the ensemble, each from its own seed");
        s.param("seed", &BatteryTwin::seed).min(0).doc("seed of the initial weights and batch orders (virtual-sensor), of the operating-condition draws (forecast)");
        s.param("save_twin", &BatteryTwin::save_twin)
            .doc("write the trained twin into the node's results folder (twin.json; virtual-sensor also twin.pt)");
        s.param("load_twin", &BatteryTwin::load_twin)
            .doc("predict with the saved twin twin_file instead of training one (its window and settings apply; its mode must be the node's)");
        s.param("twin_file", &BatteryTwin::twin_file).doc("the saved twin's JSON (with its .pt beside it), read when load_twin is true");
        s.param("plot", &BatteryTwin::plot).doc("draw prediction.png (gnuplot) into the node's results folder");
        // "*": a file reader may give no units, or call the cycle a time; cycles_from_table checks them.
        s.input("cycles", &BatteryTwin::cycles).optional().unit("*")
            .doc("the cell's cycles: a table with columns cycle, capacity_ah (Ah), discharge_time_s (s), max_temperature_c (degC); "
                 "a column without a unit is taken in these");
        s.output("predictions", &BatteryTwin::predictions).unit("*")  // Ah, but the split is a number
            .doc("per cycle: measured, physics, twin, lower and upper edge of the 5-95 % band (Ah; forecast: NaN before the last "
                 "training cycle), split (0 training, 1 scored, 2 beyond the horizon, 3 beyond the data)");
        s.output("metrics", &BatteryTwin::metrics)
            .doc("RMSE and MAE (Ah) on the scored cycles: twin (with its band's coverage), physics, last-value, linear-trend, "
                 "linear-fit, exponential, double-exponential");
        s.output("end_of_life", &BatteryTwin::end_of_life).doc("end-of-life cycle and RUL with their band, the measured ones, the assumption");
        s.output("model", &BatteryTwin::model)
            .doc("the twin: mode, window, training fingerprint, error model, settings, training time; forecast: the curves and "
                 "their weights, the operating conditions; virtual-sensor: k");
    }

    TwinSettings settings;
    std::optional<Cycles> file_cycles;  // read in configure() when `cycles` is not wired
    std::optional<TwinFile> saved;      // load_twin's JSON (virtual-sensor), checked in configure()
    std::optional<ForecastTwin> saved_forecast;  // load_twin's JSON (forecast), checked in configure()

    bool forecasting() const { return mode == "forecast"; }
    ForecastTwinSettings forecast_settings() const {
        ForecastTwinSettings f;
        f.members = parse_curves(curves);
        f.backtest_weights = backtest_weights;
        f.error_grows_with_fade = error_grows_with == "fade";
        f.backtest_origins = static_cast<int>(backtest_origins);
        f.assumption_cycles = assumption_cycles;
        f.physics_samples = static_cast<int>(physics_samples);
        f.seed = static_cast<uint64_t>(seed);
        return f;
    }

    void configure() override {
        naming_parameter([&] {
            settings.k = k;
            settings.calibrate_k = calibrate_k;
            settings.features = parse_features(features);
            settings.layers = static_cast<int>(layers);
            settings.width = static_cast<int>(width);
            settings.epochs = static_cast<int>(epochs);
            settings.batch = static_cast<int>(batch);
            settings.learning_rate = learning_rate;
            settings.ensemble = static_cast<int>(ensemble);
            settings.seed = static_cast<uint64_t>(seed);
            check_settings(settings);
            parse_curves(curves);
        });
        if (train_fraction >= 1) throw dtop::ParamError("train_fraction", "must be below 1: some cycles must remain unseen");
        if (load_twin) {
            try {
                const std::string file_mode = saved_twin_mode(twin_file.str());
                if (file_mode != mode)
                    throw std::runtime_error(twin_file.str() + " holds a twin of mode " + file_mode + "; this node's mode is " + mode +
                                             " (set mode: " + file_mode + " to use it)");
                if (forecasting()) saved_forecast = ForecastTwin::load(twin_file.str());
                else saved = read_twin_file(twin_file.str());
            } catch (const std::exception& e) {
                throw dtop::ParamError("twin_file", e.what());
            }
        }
        if (cycles.is_connected()) return;  // the data arrive in run()
        try {
            file_cycles = read_cycles_csv(cell_file.str());
        } catch (const std::exception& e) {
            throw dtop::ParamError("cell_file", e.what());
        }
        if (load_twin) check_saved_against(*file_cycles);
        else window_of(*file_cycles);  // a window the file cannot give is reported now
    }

    Window window_of(const Cycles& c) const {
        return naming_parameter([&] { return resolve_window(c, train_from, train_to, train_fraction); });
    }

    void check_saved_against(const Cycles& c) const {
        try {
            if (saved_forecast) check_trained_on(saved_forecast->info(), c);
            else check_trained_on(saved->info, c);
        } catch (const std::exception& e) {
            throw dtop::ParamError("twin_file", e.what());
        }
    }

    void run() override {
        try {
            train_and_predict();
        } catch (const dtop::ParamError& e) {
            // dtop names the parameter of a configure() error, but not of a run() error (yet).
            throw dtop::ParamError(e.param, "parameter '" + e.param + "': " + e.what());
        }
    }

    void train_and_predict() {
        const Cycles data = cycles.is_connected() ? cycles_from_table(*cycles) : *file_cycles;
        if (forecasting()) return forecast(data);
        const EngineApi& engine = load_engine();

        double seconds = 0;
        std::optional<Twin> twin;
        if (saved) {
            if (cycles.is_connected()) check_saved_against(data);  // a cell file was checked in configure()
            try {
                twin = Twin::load(engine, twin_file.str());
            } catch (const std::exception& e) {
                throw dtop::ParamError("twin_file", e.what());
            }
            log("loaded the twin " + twin_file.str());
        } else {
            const Window w = window_of(data);
            const auto start = std::chrono::steady_clock::now();
            twin = Twin::train(engine, data, w, settings);
            seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            log("trained " + std::to_string(ensemble) + " networks on cycles " + std::to_string(std::llround(data.cycle[w.first])) +
                "-" + std::to_string(std::llround(data.cycle[w.last])) + " in " + std::to_string(seconds) + " s");
        }
        const TwinInfo& info = twin->info();
        const Window w{static_cast<std::size_t>(data.index_of(info.first_cycle)), static_cast<std::size_t>(data.index_of(info.last_cycle))};

        const Predicted p = predict_and_publish(data, w, OperatingInputs::measured, assumption_cycles, *twin);
        end_of_life = dtop::Json{end_of_life_json(p.report, p.rows)};
        const std::string& saved_to = p.saved_to;
        model = dtop::Json{model_json(info, seconds, saved ? twin_file.str() : "", saved_to)};
    }

    // Forecast mode: from the window alone. The rows after it carry the window's assumed T_i, t_i,
    // and the twin reads the operating model instead anyway.
    void forecast(const Cycles& data) {
        double seconds = 0;
        std::optional<ForecastTwin> twin = saved_forecast;
        if (twin) {
            if (cycles.is_connected()) check_saved_against(data);  // a cell file was checked in configure()
            log("loaded the twin " + twin_file.str());
        } else {
            const Window w = window_of(data);
            const auto start = std::chrono::steady_clock::now();
            twin = naming_parameter([&] { return ForecastTwin::train(data, w, forecast_settings()); });
            seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        }
        const ForecastTwinInfo& info = twin->info();
        const Window w{static_cast<std::size_t>(data.index_of(info.first_cycle)), static_cast<std::size_t>(data.index_of(info.last_cycle))};
        const Predicted p = predict_and_publish(data, w, OperatingInputs::assumed, info.settings.assumption_cycles, *twin);
        end_of_life = dtop::Json{forecast_end_of_life_json(p.report, p.rows, info)};
        model = dtop::Json{forecast_model_json(info, seconds, load_twin ? twin_file.str() : "", p.saved_to)};
    }

    struct Predicted {
        ForecastRows rows;
        Report report;
        std::string saved_to;  // where the twin was saved, "" if it was not
    };

    // What both modes do with a twin: the rows to predict, the report, the saved twin, the pictures,
    // and the outputs `predictions` and `metrics`.
    template <class AnyTwin>
    Predicted predict_and_publish(const Cycles& data, const Window& w, OperatingInputs inputs, int64_t assumption, const AnyTwin& twin) {
        ForecastSettings f;
        f.horizon = horizon;
        f.future_cycles = future_cycles;
        f.inputs = inputs;
        f.assumption_cycles = assumption;
        Predicted p;
        p.rows = forecast_rows(data, w, f);
        p.report = make_report(data, w, p.rows, twin.predict(p.rows), eol_threshold);
        if (save_twin) {
            p.saved_to = (output_dir() / "twin.json").string();
            twin.save(p.saved_to);
        }
        if (plot) draw(p.rows, p.report);
        predictions = predictions_series(p.rows, p.report);
        metrics = dtop::Json{metrics_json(p.report)};
        return p;
    }

    void draw(const ForecastRows& rows, const Report& report) const {
        const fs::path dir = output_dir();
        const std::string name = !label.empty() ? label : cycles.is_connected() ? "cell" : fs::path(cell_file.str()).stem().string();
        const fs::path script = dir / "prediction.gp";
        std::ofstream(script) << prediction_script(rows, report, horizon, name, dir / "prediction.png");
        run_gnuplot(script);
    }
};

DTOP_PLUGIN(BatteryTwin)
