// Capacity-fade curves fitted on the training window's capacities alone: the baselines a
// prognostics engineer would try, and the members of the forecasting twin (forecast_twin.hpp).
#pragma once

#include <array>
#include <string>
#include <vector>

namespace dtop::battery {

enum class CurveKind {
    last_value,          // C = p0: the last training capacity, held
    linear_trend,        // C = p0 + p1 k over the last kTrendCycles training cycles
    linear_fit,          // C = p0 + p1 k over the whole window
    exponential,         // C = p0 exp(p1 k): log-linear least squares over the window
    double_exponential,  // C = p0 exp(p1 j) + p2 exp(p3 j), j = k - p4: Saha and Goebel (2009), least squares
    physics,             // C = p0 exp(-p1 (T/t) (k - p2 + 1)): physics.md's law with k (p1) fitted on the window
    regeneration,        // C = p0 + p1 (k - p2): the fade between regeneration jumps plus their mean rate (below)
    kalman_trend,        // C = p0 + p1 (k - p2): the level and slope of a Kalman local linear trend at the last cycle (trend_filter.hpp)
};
inline constexpr const char* kCurveNames[] = {"last-value", "linear-trend", "linear-fit", "exponential", "double-exponential",
                                              "physics", "regeneration", "kalman-trend"};
inline const char* curve_name(CurveKind k) { return kCurveNames[static_cast<int>(k)]; }
// Throws std::invalid_argument on an unknown name.
CurveKind curve_kind(const std::string& name);
// "linear-fit,exponential" -> kinds; throws SettingError("curves", ...) on an unknown or repeated
// name, or an empty list.
std::vector<CurveKind> parse_curves(const std::string& text);
std::string curves_text(const std::vector<CurveKind>& kinds);

struct Curve {
    CurveKind kind = CurveKind::last_value;
    std::array<double, 5> p{};
    // Capacity at a cycle; `ratio` is T_i / t_i (degC per s), used by the physics only.
    double at(double cycle, double ratio = 0) const;
};

// The window's cycles, in the order of the data.
struct FadeData {
    std::vector<double> cycle, capacity_ah, ratio;  // ratio: T_i / t_i
    std::size_t size() const { return cycle.size(); }
    FadeData head(std::size_t n) const;
};

// The regeneration curve: a rise from one cycle to the next larger than the usual step (the median
// step plus 3 robust deviations, and at least kJumpFloorAh) is a regeneration jump, a rest's
// recovery. Between jumps the capacity falls on lines of one common slope (p3, least squares with
// one intercept per segment); the jumps add their total over the window's span on average (p4).
// The forecast starts from the last segment's line at the last cycle (p0, at cycle p2) and falls
// at p1 = p3 + p4: future rests are expected as often and as large as in the window.
inline constexpr double kJumpFloorAh = 0.005;  // about the capacities' resolution in these files

// Least-squares fit of one kind to the data (at least 3 cycles). Exponentials need positive
// capacities, which check_cycles guarantees.
Curve fit_curve(CurveKind kind, const FadeData& d);

}  // namespace dtop::battery
