// From predictions to the report: the band, its coverage and end of life, on numbers made by hand.
#include "report.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace dtop::battery;

namespace {

// 30 measured cycles falling 0.01 Ah per cycle from 1.6 (training 1-20), then 10 beyond the data.
struct Case {
    Cycles c;
    Window w{0, 19};
    ForecastRows rows;
    MemberPredictions p;
};

Case make_case() {
    Case k;
    for (int i = 1; i <= 30; ++i) {
        k.c.cycle.push_back(i);
        k.c.capacity_ah.push_back(1.6 - 0.01 * i);
        k.c.discharge_time_s.push_back(3600);
        k.c.temperature_c.push_back(40);
    }
    ForecastSettings f;
    f.horizon = 5;
    f.future_cycles = 10;
    k.rows = forecast_rows(k.c, k.w, f);
    // Two members 0.02 Ah apart around the truth, the error model 0.01 Ah everywhere.
    const std::size_t n = k.rows.size();
    k.p.members = 2;
    k.p.physics.assign(n, 1.5);
    k.p.error_sd.assign(n, 0.01);
    k.p.values.resize(2 * n);
    for (std::size_t i = 0; i < n; ++i) {
        const double truth = 1.6 - 0.01 * k.rows.cycle[i];
        k.p.values[i] = truth - 0.01;
        k.p.values[n + i] = truth + 0.01;
    }
    return k;
}

}  // namespace

TEST_CASE("battery: the forecast rows split training, scored, unscored and future cycles") {
    const Case k = make_case();
    REQUIRE(k.rows.size() == 40);
    CHECK(k.rows.split[19] == Split::training);
    CHECK(k.rows.split[20] == Split::scored);
    CHECK(k.rows.split[24] == Split::scored);
    CHECK(k.rows.split[25] == Split::unscored);
    CHECK(k.rows.split[30] == Split::beyond_data);
    CHECK(k.rows.cycle[39] == 40);
    CHECK(std::isnan(k.rows.measured_ah[30]));
    CHECK(k.rows.assumed_temperature_c == 40);
    // Assumed inputs: the window's last cycles stand in for every later one.
    Cycles c = k.c;
    c.discharge_time_s[29] = 1000;  // after the window: ignored when assumed
    ForecastSettings f;
    f.inputs = OperatingInputs::assumed;
    const ForecastRows a = forecast_rows(c, k.w, f);
    CHECK(a.discharge_time_s[29] == 3600);
    f.inputs = OperatingInputs::measured;
    CHECK(forecast_rows(c, k.w, f).discharge_time_s[29] == 1000);
}

TEST_CASE("battery: the report's band, coverage and end of life follow the members and the error model") {
    const Case k = make_case();
    const Report r = make_report(k.c, k.w, k.rows, k.p, 1.385);
    // Mean of the members; half-width 1.645 sqrt(var + sd^2), var = (0.01^2 + 0.01^2) / (2 - 1).
    const double half = kBandZ * std::sqrt(2e-4 + 1e-4);
    CHECK(r.twin[22] == Approx(1.6 - 0.23));
    CHECK(r.band_high[22] - r.twin[22] == Approx(half));
    CHECK(r.twin[22] - r.band_low[22] == Approx(half));
    REQUIRE(r.errors.size() == 7);
    CHECK(r.errors[0].method == "twin");
    CHECK(r.errors[0].errors.cycles == 5);
    CHECK(r.errors[0].errors.rmse == Approx(0).margin(1e-12));
    CHECK(r.errors[0].band_coverage == 1.0);
    // Physics 1.5 against 1.39..1.35 measured on cycles 21-25: errors 0.11..0.15.
    CHECK(r.errors[1].errors.rmse == Approx(std::sqrt((0.11 * 0.11 + 0.12 * 0.12 + 0.13 * 0.13 + 0.14 * 0.14 + 0.15 * 0.15) / 5)));
    CHECK(r.errors[2].errors.mae == Approx((0.01 + 0.02 + 0.03 + 0.04 + 0.05) / 5));  // last value 1.40
    CHECK(r.errors[3].errors.rmse == Approx(0).margin(1e-12));                        // the line is exact
    CHECK(r.errors[4].method == "linear-fit");
    CHECK(r.errors[4].errors.rmse == Approx(0).margin(1e-12));  // so is the fit of the whole window
    CHECK(r.errors[5].method == "exponential");
    CHECK(r.errors[6].method == "double-exponential");
    // End of life at 1.385 Ah: the twin 1.6 - 0.01 i is below from cycle 22; the band's low edge
    // (twin - 0.02849) from cycle 19, but the search starts at the last training cycle, 20; its high
    // edge from cycle 25.
    const EndOfLife& e = r.end_of_life;
    CHECK(e.cycle == 22);
    CHECK(e.measured_cycle == 22);
    CHECK(e.earliest == 20);
    CHECK(e.latest == 25);
    CHECK(e.now_cycle == 20);
    CHECK(EndOfLife::rul(e.cycle, e.now_cycle) == 2);
    CHECK(EndOfLife::rul(e.earliest, e.now_cycle) == 0);  // already past: no negative life
    CHECK(EndOfLife::rul(e.latest, e.now_cycle) == 5);
}
