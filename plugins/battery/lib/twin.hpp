// The hybrid twin: physics plus an ensemble of networks trained on the physics' residual over the
// training window. This side is plain C++; the networks are the engine's (engine_api.hpp).
#pragma once

#include "cycles.hpp"
#include "engine_api.hpp"
#include "forecast.hpp"
#include "physics.hpp"
#include "report.hpp"
#include "settings.hpp"
#include "window.hpp"

#include <memory>
#include <string>
#include <vector>

namespace dtop::battery {

// Standardisation of the network's inputs and target, from the training cycles only.
struct Scaling {
    std::vector<double> feature_mean, feature_scale;
    double residual_mean = 0, residual_scale = 1;
};

// How far off the twin may be h cycles after its window: sd(h) = sqrt(sigma0^2 + (growth h)^2).
// sigma0 is the twin's RMS error on its own training cycles. The growth comes from a backtest inside
// the window: an ensemble half the size, trained on the window's first 75 %, predicts its last 25 %;
// the growth is the least-squares slope of |error| against h through the origin, once with
// measured and once with assumed operating inputs. Nothing after the window takes part.
struct ErrorModel {
    double sigma0_ah = 0;
    double growth_measured = 0, growth_assumed = 0;  // Ah per cycle
    double sd(double h, OperatingInputs inputs) const;
};
inline constexpr double kBacktestFitShare = 0.75;

// Everything about a trained twin but its weights: what a saved twin's JSON holds.
struct TwinInfo {
    TwinSettings settings;
    Physics physics;
    double first_cycle = 0, last_cycle = 0;  // the training window
    std::size_t training_cycles = 0;
    std::string fingerprint;                 // training_fingerprint() of the window
    Scaling scaling;
    ErrorModel errors;
};

// A saved twin's JSON, read and checked without its weights (so without the engine).
struct TwinFile {
    TwinInfo info;
    std::string weights_path, weights_sha256;
};
// Throws with the reason: not a saved twin (foreign), another format version, corrupt.
TwinFile read_twin_file(const std::string& json_path);

// Throws unless the data hold exactly the cycles the twin was trained on (by their fingerprint).
void check_trained_on(const TwinInfo& info, const Cycles& c);

class Twin {
public:
    // Trains on the window's cycles; nothing after the window is read.
    static Twin train(const EngineApi& engine, const Cycles& c, const Window& w, const TwinSettings& s);
    // Reads a twin written by save(); a foreign, corrupt or unreadable file throws with the reason.
    static Twin load(const EngineApi& engine, const std::string& json_path);
    // Writes <name>.json (settings, physics, scaling, training fingerprint) and <name>.pt (weights).
    void save(const std::string& json_path) const;

    MemberPredictions predict(const ForecastRows& rows) const;
    const TwinInfo& info() const { return info_; }

private:
    Twin(const EngineApi& engine, TwinInfo info, Network* net);
    // train() without the error model (the backtest's own twin).
    static Twin fit(const EngineApi& engine, const Cycles& c, const Window& w, const TwinSettings& s);
    ErrorModel error_model(const Cycles& c, const Window& w) const;
    std::vector<float> features(const std::vector<double>& cycle, const std::vector<double>& temperature_c,
                                const std::vector<double>& discharge_time_s, const std::vector<double>& physics) const;

    const EngineApi* engine_;
    TwinInfo info_;
    std::shared_ptr<Network> net_;
};

}  // namespace dtop::battery
