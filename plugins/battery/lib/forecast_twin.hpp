// The forecasting twin: what the cell will do, from the training window alone. Nothing measured
// after the window reaches it: not its capacities, not its operating inputs, not its scaling.
//
// It is a stack of fade curves (curves.hpp), the physics among them, each fitted on the window. The
// twin is their mean, with equal weights by default: weights estimated from a backtest inside the
// window (every curve fitted on the window's first 75 % predicts the last 25 %, weight 1 / its mean
// square error there) are noisy, and equal weights forecast better (the "forecast combination
// puzzle"; README, "Accuracy"). The physics needs the future T_i / t_i: a model of the operating
// conditions gives it (the mean of the last training cycles, with their spread as its uncertainty,
// drawn as `physics_samples` paths from a seeded generator). The band adds the twin's own error,
// measured by a rolling-origin backtest inside the window and growing with the fade the twin
// predicts (an error in the fade rate), so that both band edges can reach end of life.
#pragma once

#include "curves.hpp"
#include "cycles.hpp"
#include "forecast.hpp"
#include "report.hpp"
#include "window.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace dtop::battery {

struct ForecastTwinSettings {
    std::vector<CurveKind> members{CurveKind::last_value, CurveKind::linear_trend, CurveKind::linear_fit, CurveKind::exponential,
                                   CurveKind::physics};
    int64_t assumption_cycles = 10;  // the operating conditions: T_i / t_i of this many last training cycles
    int physics_samples = 16;        // paths of the physics, one per draw of the future T_i / t_i
    double backtest_share = 0.75;    // the backtest fits on this share of the window
    int backtest_origins = 4;        // the error model's rolling origins, evenly from 50 % to backtest_share
    bool backtest_weights = false;   // weigh the curves by 1 / their backtest MSE instead of equally
    bool error_grows_with_fade = true;  // the error grows with the predicted fade (false: with the cycles ahead)
    uint64_t seed = 1;
};

// Future T_i / t_i (degC per s): held at the mean of the last training cycles; their standard
// deviation is its uncertainty, drawn once per physics path.
struct OperatingModel {
    double ratio_mean = 0, ratio_sd = 0;
    std::size_t cycles = 0;
    std::vector<double> samples;  // one ratio per physics path
};

struct StackMember {
    Curve curve;
    double weight = 0;
    double backtest_rmse_ah = 0;  // on the window's last 25 %, fitted on its first 75 %
};

// sd(x) = sqrt(sigma0^2 + (growth x)^2): both from the backtest's squared errors (least squares
// against x^2, neither negative). x is the fade the twin predicts since the window's last cycle (Ah;
// `grows_with_fade`): an error in the fade rate, so the band's edges fall with the twin and both
// cross the end-of-life threshold when growth < 1 / 1.645. Or x is the cycles ahead, h (the first
// version): an upper edge that stays open whenever 1.645 growth exceeds the twin's fade rate.
struct ForecastErrorModel {
    double sigma0_ah = 0, growth = 0;
    bool grows_with_fade = false;
    double sd(double x) const;
};

struct ForecastTwinInfo {
    ForecastTwinSettings settings;
    double first_cycle = 0, last_cycle = 0;
    std::size_t training_cycles = 0;
    std::string fingerprint;  // training_fingerprint() of the window
    OperatingModel operating;
    std::vector<StackMember> members;
    ForecastErrorModel errors;
};

class ForecastTwin {
public:
    // Reads only the window's rows of c. Throws SettingError on settings that cannot work.
    static ForecastTwin train(const Cycles& c, const Window& w, const ForecastTwinSettings& s);
    // Reads a twin written by save(); throws with the reason (foreign, another version, corrupt).
    static ForecastTwin load(const std::string& json_path);
    void save(const std::string& json_path) const;

    // Every row after the window uses the operating model, whatever T_i, t_i the rows hold. The
    // twin and its paths are NaN before the last training cycle: a forecast starts there.
    MemberPredictions predict(const ForecastRows& rows) const;
    const ForecastTwinInfo& info() const { return info_; }

private:
    explicit ForecastTwin(ForecastTwinInfo info) : info_(std::move(info)) {}
    double twin_at(double cycle) const;  // the twin under the operating model
    ForecastTwinInfo info_;
};

// The mode a saved twin's JSON was written in: "forecast", or "virtual-sensor" (also for files
// without a mode, written before forecast mode existed). Throws when the file is not a saved twin.
std::string saved_twin_mode(const std::string& json_path);

// Throws unless the data hold exactly the window the twin was trained on.
void check_trained_on(const ForecastTwinInfo& info, const Cycles& c);

}  // namespace dtop::battery
