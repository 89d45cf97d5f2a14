// The physics of physics.md section 6 against hand values, and the calibration of k.
#include "common.hpp"
#include "physics.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace dtop::battery;
using namespace dtop::battery::test;

namespace {

double rmse_over_all_cycles(const Cycles& c, double k) {
    const Physics p = physics_for(c, Window{0, c.size() - 1}, k);
    double sq = 0;
    for (std::size_t i = 0; i < c.size(); ++i)
        sq += std::pow(c.capacity_ah[i] - p.capacity(c.cycle[i], c.temperature_c[i], c.discharge_time_s[i]), 2);
    return std::sqrt(sq / static_cast<double>(c.size()));
}

double training_sse(const Cycles& c, const Window& w, double k) {
    const Physics p = physics_for(c, w, k);
    double sq = 0;
    for (std::size_t i = w.first; i <= w.last; ++i)
        sq += std::pow(c.capacity_ah[i] - p.capacity(c.cycle[i], c.temperature_c[i], c.discharge_time_s[i]), 2);
    return sq;
}

}  // namespace

TEST_CASE("battery: the physics gives physics.md's values") {
    const Cycles c = cell("B0005");
    const Physics p = physics_for(c, Window{0, 79}, 0.13);
    // C_sim(1) = 1.8564874208 exp(-0.13 * 38.982181 * 1 / 3690.234), by hand: 1.8539397141
    CHECK(p.capacity(1, 38.982181, 3690.234) == Approx(1.8539397141).epsilon(1e-10));
    // Cycle 100 at T = 40, t = 3000: 1.8564874208 exp(-0.13 * 40 * 100 / 3000)
    CHECK(p.capacity(100, 40, 3000) == Approx(1.8564874208 * std::exp(-0.52 / 3)).epsilon(1e-12));
    // With k = 0.13 the RMSE over all cycles is 0.025 Ah for B0007 to 0.23 Ah for B0006 (physics.md).
    CHECK(rmse_over_all_cycles(cell("B0007"), 0.13) == Approx(0.025).margin(0.0005));
    CHECK(rmse_over_all_cycles(cell("B0006"), 0.13) == Approx(0.23).margin(0.005));
    // A window starting later counts i from its own first cycle, with C0 its capacity.
    const Physics later = physics_for(c, Window{20, 79}, 0.13);
    CHECK(later.c0_ah == c.capacity_ah[20]);
    CHECK(later.age(21) == 1);
}

TEST_CASE("battery: k calibrated on the training cycles minimises their error and sees nothing else") {
    Cycles c = cell("B0006");
    const Window w{0, 79};
    const double k = calibrate_fade_constant(c, w);
    CHECK(k == Approx(0.3013).margin(0.0005));  // B0006 fades fast over cycles 1-80
    CHECK(training_sse(c, w, k) < training_sse(c, w, k - 1e-3));
    CHECK(training_sse(c, w, k) < training_sse(c, w, k + 1e-3));
    for (std::size_t i = 80; i < c.size(); ++i) c.capacity_ah[i] = 0.5;  // the unseen cycles
    CHECK(calibrate_fade_constant(c, w) == k);
}
