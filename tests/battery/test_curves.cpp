// The fade curves the baselines and the forecast are made of: each fit recovers the curve that made
// the data.
#include "curves.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace dtop::battery;

namespace {

// Cycles 11-60 of a known curve; T/t constant 0.01.
FadeData made_by(double (*f)(double)) {
    FadeData d;
    for (int k = 11; k <= 60; ++k) {
        d.cycle.push_back(k);
        d.capacity_ah.push_back(f(k));
        d.ratio.push_back(0.01);
    }
    return d;
}

}  // namespace

TEST_CASE("battery: the fade curves recover the curve that made the data") {
    const FadeData line = made_by([](double k) { return 2.0 - 0.004 * k; });
    CHECK(fit_curve(CurveKind::linear_fit, line).at(100) == Approx(1.6));
    CHECK(fit_curve(CurveKind::linear_trend, line).at(100) == Approx(1.6));
    CHECK(fit_curve(CurveKind::last_value, line).at(100) == Approx(2.0 - 0.004 * 60));

    const FadeData exponential = made_by([](double k) { return 2.0 * std::exp(-0.003 * k); });
    CHECK(fit_curve(CurveKind::exponential, exponential).at(150) == Approx(2.0 * std::exp(-0.45)));

    // Saha and Goebel's double exponential, rates on the fit's grid.
    const FadeData twice = made_by([](double k) { return 0.1 * std::exp(0.02 * (k - 11)) + 1.8 * std::exp(-0.005 * (k - 11)); });
    const Curve d = fit_curve(CurveKind::double_exponential, twice);
    CHECK(d.at(70) == Approx(0.1 * std::exp(0.02 * 59) + 1.8 * std::exp(-0.005 * 59)).epsilon(1e-6));

    // The physics' k: C = C0 exp(-k (T/t) i), i = 1 at the first cycle, where C0 is the first capacity
    // (physics.md); made with C0 at i = 0, the fit is off by that one cycle only.
    const FadeData physics = made_by([](double k) { return 1.9 * std::exp(-0.2 * 0.01 * (k - 10)); });
    const Curve p = fit_curve(CurveKind::physics, physics);
    CHECK(p.p[0] == physics.capacity_ah.front());
    CHECK(p.p[1] == Approx(0.2).epsilon(0.03));
    CHECK(p.at(110, 0.02) == Approx(1.9 * std::exp(-0.2 * 0.02 * 100)).epsilon(0.01));
}

TEST_CASE("battery: the curves' names map both ways, an unknown one is refused") {
    for (const char* name : kCurveNames) CHECK(std::string(curve_name(curve_kind(name))) == name);
    CHECK_THROWS_WITH(curve_kind("cubic"), "unknown curve 'cubic'");
}

TEST_CASE("battery: the regeneration curve separates the fade between jumps from the jumps' mean rate") {
    // Falling 0.005 Ah per cycle, with a jump of 0.06 Ah after cycles 20 and 40 (cycles 1-60).
    FadeData d;
    double c = 2.0;
    for (int k = 1; k <= 60; ++k) {
        if (k == 21 || k == 41) c += 0.06;
        d.cycle.push_back(k);
        d.capacity_ah.push_back(c);
        d.ratio.push_back(0.01);
        c -= 0.005;
    }
    const Curve r = fit_curve(CurveKind::regeneration, d);
    CHECK(r.p[3] == Approx(-0.005));                     // the fade between jumps
    CHECK(r.p[4] == Approx(2 * 0.055 / 59));         // two rises of 0.06 - 0.005 Ah over 59 cycles
    CHECK(r.at(60) == Approx(d.capacity_ah.back()));  // starts from the last segment's line
    CHECK(r.at(70) == Approx(d.capacity_ah.back() + 10 * (-0.005 + 0.11 / 59)));
}

TEST_CASE("battery: a list of curves is parsed, an unknown or repeated one names the parameter") {
    CHECK(parse_curves("linear-fit, exponential") == std::vector<CurveKind>{CurveKind::linear_fit, CurveKind::exponential});
    CHECK_THROWS_WITH(parse_curves("linear-fit,cubic"), Catch::Contains("unknown curve 'cubic'"));
    CHECK_THROWS_WITH(parse_curves("physics,physics"), "'physics' is listed twice");
    CHECK(curves_text(parse_curves("physics,regeneration")) == "physics,regeneration");
}
