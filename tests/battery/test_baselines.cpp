// The baselines and the error measures, against hand computations and the table.
#include "baselines.hpp"
#include "common.hpp"
#include "physics.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace dtop::battery;
using namespace dtop::battery::test;

namespace {

// RMSE of the three baselines on rows first..last (0-based, inclusive) after training on 0..train_last.
struct BaselineRmse {
    double physics, last, trend;
};
BaselineRmse baselines(const Cycles& c, std::size_t train_last, std::size_t first, std::size_t last) {
    const Window w{0, train_last};
    const Physics p = physics_for(c, w, 0.13);
    const Line line = linear_trend(c, w);
    std::vector<double> ph, held, lin, measured;
    std::vector<bool> use;
    for (std::size_t i = first; i <= last; ++i) {
        ph.push_back(p.capacity(c.cycle[i], c.temperature_c[i], c.discharge_time_s[i]));
        held.push_back(last_value(c, w));
        lin.push_back(line.at(c.cycle[i]));
        measured.push_back(c.capacity_ah[i]);
        use.push_back(true);
    }
    return {errors(ph, measured, use).rmse, errors(held, measured, use).rmse, errors(lin, measured, use).rmse};
}

}  // namespace

TEST_CASE("battery: errors, last value and linear trend match hand computations") {
    const Errors e = errors({1, 2, 3, 9}, {1, 1, 1, 0}, {true, true, true, false});
    CHECK(e.cycles == 3);
    CHECK(e.rmse == Approx(std::sqrt(5.0 / 3)));  // (0 + 1 + 4) / 3
    CHECK(e.mae == Approx(1.0));                  // (0 + 1 + 2) / 3

    // 30 cycles on the line 2 - 0.01 cycle, the last 20 bent by +-0.005 alternately: the line through
    // the last 20 keeps the slope, and the intercept moves by the mean bend (here 0).
    Cycles c;
    for (int i = 1; i <= 30; ++i) {
        c.cycle.push_back(i);
        c.capacity_ah.push_back(2 - 0.01 * i + (i > 10 ? (i % 2 ? 0.005 : -0.005) : 0.3));
        c.discharge_time_s.push_back(3600);
        c.temperature_c.push_back(40);
    }
    const Window w{0, 29};
    CHECK(last_value(c, w) == c.capacity_ah[29]);
    const Line line = linear_trend(c, w);
    // By hand: x = 11..30 (mean 20.5), the bend +-0.005 alternates with x, so sum (x - 20.5) bend =
    // 0.005 * sum over pairs (odd x - 20.5) - (even x - 20.5) = 0.005 * 10 * (-1) = -0.05, and
    // sum (x - 20.5)^2 = 665: slope = -0.01 - 0.05 / 665.
    CHECK(line.slope == Approx(-0.01 - 0.05 / 665).epsilon(1e-12));
    CHECK(line.at(20.5) == Approx(2 - 0.01 * 20.5).epsilon(1e-12));
}

TEST_CASE("battery: the baselines reproduce the issue's table") {
    const Cycles b5 = cell("B0005"), b6 = cell("B0006"), b18 = cell("B0018");
    BaselineRmse r = baselines(b5, 79, 80, 82);  // 1-80, next 3
    CHECK(r.physics == Approx(0.0601).margin(5e-5));
    CHECK(r.last == Approx(0.0073).margin(5e-5));
    CHECK(r.trend == Approx(0.0045).margin(5e-5));
    r = baselines(b6, 79, 80, 167);  // 1-80, rest
    CHECK(r.physics == Approx(0.2784).margin(5e-5));
    CHECK(r.last == Approx(0.1758).margin(5e-5));
    CHECK(r.trend == Approx(0.1619).margin(5e-5));
    r = baselines(b18, 65, 66, 131);  // first half, rest
    CHECK(r.physics == Approx(0.1430).margin(5e-5));
    CHECK(r.last == Approx(0.1214).margin(5e-5));
    CHECK(r.trend == Approx(0.2279).margin(5e-5));
}
