// The Kalman local linear trend (trend_filter.hpp): it recovers a steady line, follows a change of
// fade rate that a whole-window line averages away, and is a curve of the forecast stack.
#include "curves.hpp"
#include "trend_filter.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace dtop::battery;

namespace {

// A small deterministic wiggle (no generator), about the capacities' resolution.
double wiggle(int k) { return 0.002 * std::sin(1.7 * k); }

}  // namespace

TEST_CASE("battery: the trend filter recovers a steady fade: level and slope of the line at the last cycle") {
    std::vector<double> k, c;
    for (int i = 1; i <= 80; ++i) k.push_back(i), c.push_back(1.9 - 0.003 * i + wiggle(i));
    const TrendState t = filter_trend(k, c);
    CHECK(t.slope == Approx(-0.003).margin(2e-4));
    CHECK(t.level == Approx(1.9 - 0.003 * 80).margin(3e-3));
    CHECK(std::isfinite(t.log_likelihood));
}

TEST_CASE("battery: the trend filter follows a change of fade rate that a line through the window averages away") {
    FadeData d;
    for (int i = 1; i <= 80; ++i) {
        const double fade = i <= 50 ? 0.001 * i : 0.05 + 0.006 * (i - 50);  // faster after cycle 50
        d.cycle.push_back(i), d.capacity_ah.push_back(1.9 - fade + wiggle(i)), d.ratio.push_back(0.01);
    }
    const Curve kalman = fit_curve(CurveKind::kalman_trend, d), line = fit_curve(CurveKind::linear_fit, d);
    const double truth_at_100 = 1.9 - (0.05 + 0.006 * 50);
    CHECK(std::abs(kalman.at(100) - truth_at_100) < 0.5 * std::abs(line.at(100) - truth_at_100));
    CHECK(kalman.at(80) == Approx(d.capacity_ah.back()).margin(0.01));
    // The same data give the same numbers.
    CHECK(fit_curve(CurveKind::kalman_trend, d).p == kalman.p);
}

TEST_CASE("battery: kalman-trend is a curve by name") {
    CHECK(curve_kind("kalman-trend") == CurveKind::kalman_trend);
    CHECK(std::string(curve_name(CurveKind::kalman_trend)) == "kalman-trend");
    CHECK(parse_curves("linear-fit,kalman-trend").size() == 2);
}
