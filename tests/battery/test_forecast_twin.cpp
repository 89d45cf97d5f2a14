// The forecast twin: nothing after the window reaches it (prediction, band, end of life, RUL), the
// same seed gives the same numbers, a saved twin predicts the same, and bad files are refused.
#include "common.hpp"
#include "forecast_twin.hpp"
#include "rul_sweep.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>

using namespace dtop::battery;
using namespace dtop::battery::test;
namespace fs = std::filesystem;

namespace {

ForecastRows rows_for(const Cycles& c, const Window& w) {
    ForecastSettings f;
    f.future_cycles = 200;
    f.inputs = OperatingInputs::assumed;
    return forecast_rows(c, w, f);
}

// Everything the forecast says about the future, from the window w of c.
struct Said {
    std::vector<double> twin, low, high;
    std::optional<double> eol, earliest, latest;
};
Said forecast(const Cycles& c, const Window& w, const ForecastTwinSettings& s = {}) {
    const ForecastRows rows = rows_for(c, w);
    const Report r = make_report(c, w, rows, ForecastTwin::train(c, w, s).predict(rows), kDefaultEndOfLifeAh);
    return {r.twin, r.band_low, r.band_high, r.end_of_life.cycle, r.end_of_life.earliest, r.end_of_life.latest};
}
// Bit for bit, NaN (before the window's end, where a forecast has no value) equal to NaN.
bool same(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
    return true;
}
bool same(const Said& a, const Said& b) {
    return same(a.twin, b.twin) && same(a.low, b.low) && same(a.high, b.high) && a.eol == b.eol && a.earliest == b.earliest &&
           a.latest == b.latest;
}

// Every measured value after row `from` changed: capacity, discharge time and temperature.
Cycles changed_after(Cycles c, std::size_t from) {
    for (std::size_t i = from; i < c.size(); ++i) {
        c.capacity_ah[i] = 3.0 - c.capacity_ah[i];
        c.discharge_time_s[i] *= 0.5;
        c.temperature_c[i] += 10;
    }
    return c;
}

std::string temp_folder(const std::string& name) {
    const fs::path dir = fs::path(TEST_OUTPUT_DIR) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir.string();
}

}  // namespace

TEST_CASE("battery: no leakage in forecast mode: no cycle after the window changes prediction, band or end of life") {
    for (const char* cell : {"B0005", "B0006", "B0018"}) {
        const Cycles c = test::cell(cell);
        const Window w{0, 59};
        const Cycles other = changed_after(c, 60);
        CHECK(same(forecast(c, w), forecast(other, w)));
        // A control: a change inside the window does change the forecast.
        Cycles inside = c;
        inside.capacity_ah[50] += 0.05;
        CHECK_FALSE(same(forecast(c, w), forecast(inside, w)));
        // Every optional curve and the first version's band as well.
        ForecastTwinSettings all;
        all.members = parse_curves("last-value,linear-trend,linear-fit,exponential,double-exponential,physics,regeneration,kalman-trend");
        all.backtest_origins = 1;
        all.error_grows_with_fade = false;
        CHECK(same(forecast(c, w, all), forecast(other, w, all)));
        CHECK_FALSE(same(forecast(c, w, all), forecast(inside, w, all)));
    }
}

TEST_CASE("battery: no leakage in the RUL sweep: a prediction made at cycle t reads nothing after t") {
    const Cycles c = cell("B0006");
    RulSweepSettings s;
    s.threshold_ah = 1.0;  // below the data: the sweep runs to the last cycle in both cases
    const auto all = rul_sweep(c, s);
    const auto other = rul_sweep(changed_after(c, 80), s);  // rows 80 on are cycles 81 on
    REQUIRE(all.size() == other.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        INFO("prediction at cycle " << all[i].now);
        if (all[i].now <= 80) {
            CHECK(all[i].rul == other[i].rul);
            CHECK(all[i].rul_low == other[i].rul_low);
            CHECK(all[i].rul_high == other[i].rul_high);
        }
    }
    CHECK(all.back().rul != other.back().rul);  // the control: later predictions do see their own cycles
}

TEST_CASE("battery: the forecast's same seed gives the same numbers, another seed others") {
    const Cycles c = cell("B0007");
    const Window w{0, 79};
    ForecastTwinSettings s;
    CHECK(same(forecast(c, w, s), forecast(c, w, s)));
    ForecastTwinSettings other = s;
    other.seed = 2;
    CHECK_FALSE(same(forecast(c, w, s).low, forecast(c, w, other).low));  // the operating conditions' draws differ
}

TEST_CASE("battery: the forecast's band and end of life make sense on B0005 from cycle 80") {
    const Cycles c = cell("B0005");
    const Window w{0, 79};
    const ForecastRows rows = rows_for(c, w);
    const MemberPredictions p = ForecastTwin::train(c, w, {}).predict(rows);
    double total = 0;
    for (double x : p.weights) total += x;
    CHECK(total == Approx(1.0));
    const Report r = make_report(c, w, rows, p, kDefaultEndOfLifeAh);
    // A forecast starts at the last training cycle (row 79).
    CHECK(std::isnan(r.twin[78]));
    for (std::size_t i = 79; i < rows.size(); ++i) {
        CHECK(r.band_low[i] <= r.twin[i]);
        CHECK(r.twin[i] <= r.band_high[i]);
    }
    CHECK(r.band_high[80] - r.twin[80] < r.band_high[200] - r.twin[200]);  // the band widens with the horizon
    // Every baseline is scored on the predicted cycles, fitted on the window alone.
    REQUIRE(r.errors.size() == 7);
    CHECK(r.errors[2].method == "last-value");
    CHECK(r.errors[2].errors.rmse == Approx(0.1763).margin(5e-5));  // the figures
    CHECK(r.errors[4].method == "linear-fit");
    CHECK(r.errors[4].errors.rmse == Approx(0.0615).margin(5e-5));  // the 0.062
    REQUIRE(r.end_of_life.cycle);
    REQUIRE(r.end_of_life.earliest);
    CHECK(*r.end_of_life.earliest <= *r.end_of_life.cycle);
}

TEST_CASE("battery: a saved forecast twin predicts the same numbers; a bad file is refused with the reason") {
    const std::string dir = temp_folder("forecast_saved");
    const Cycles c = cell("B0018");
    const Window w{0, 59};
    const ForecastTwin twin = ForecastTwin::train(c, w, {});
    twin.save(dir + "/twin.json");
    CHECK(saved_twin_mode(dir + "/twin.json") == "forecast");
    const ForecastTwin loaded = ForecastTwin::load(dir + "/twin.json");
    const ForecastRows rows = rows_for(c, w);
    CHECK(same(loaded.predict(rows).values, twin.predict(rows).values));
    CHECK(loaded.predict(rows).weights == twin.predict(rows).weights);
    CHECK(same(loaded.predict(rows).error_sd, twin.predict(rows).error_sd));
    CHECK_NOTHROW(check_trained_on(loaded.info(), c));
    CHECK_THAT(error_of([&] { check_trained_on(loaded.info(), cell("B0005")); }), Catch::Contains("trained on other data"));

    auto edited = [&](const std::function<void(nlohmann::json&)>& edit) {
        std::ifstream in(dir + "/twin.json");
        nlohmann::json j = nlohmann::json::parse(in);
        edit(j);
        std::ofstream(dir + "/edited.json") << j.dump();
        return error_of([&] { ForecastTwin::load(dir + "/edited.json"); });
    };
    CHECK_THAT(edited([](auto& j) { j["members"][0]["weight"] = 0.9; }), Catch::Contains("weights do not add up to 1"));
    CHECK_THAT(edited([](auto& j) { j["members"][1].erase("parameters"); }), Catch::Contains("is corrupt"));
    CHECK_THAT(edited([](auto& j) { j["members"][1]["curve"] = "cubic"; }), Catch::Contains("unknown curve 'cubic'"));
    CHECK_THAT(edited([](auto& j) { j["format_version"] = 7; }), Catch::Contains("format version 7"));
    CHECK_THAT(edited([](auto& j) { j["format"] = "other"; }), Catch::Contains("is not a saved battery twin"));
    CHECK_THAT(edited([](auto& j) { j["error_model"]["grows_with"] = "moon"; }), Catch::Contains("grows_with is \"moon\""));
}

TEST_CASE("battery: a forecast twin saved before the fade-scaled error model loads with an error growing with the cycles") {
    const std::string dir = temp_folder("forecast_old_error_model");
    const Cycles c = cell("B0005");
    const Window w{0, 79};
    ForecastTwin::train(c, w, {}).save(dir + "/twin.json");
    std::ifstream in(dir + "/twin.json");
    nlohmann::json j = nlohmann::json::parse(in);
    j["settings"].erase("error_grows_with");
    j["error_model"] = {{"sigma0_ah", 0.01}, {"growth_ah_per_cycle", 0.002}};  // the first version's fields
    std::ofstream(dir + "/old.json") << j.dump();
    const ForecastTwin old = ForecastTwin::load(dir + "/old.json");
    CHECK_FALSE(old.info().errors.grows_with_fade);
    const ForecastRows rows = rows_for(c, w);
    const MemberPredictions p = old.predict(rows);
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows.cycle[i] > old.info().last_cycle) CHECK(p.error_sd[i] == old.info().errors.sd(rows.cycle[i] - old.info().last_cycle));
}

TEST_CASE("battery: the forecast's error grows with the fade the twin predicts, not with the cycles ahead") {
    const Cycles c = cell("B0005");
    const Window w{0, 79};
    const ForecastRows rows = rows_for(c, w);
    const ForecastTwin twin = ForecastTwin::train(c, w, {});
    const ForecastErrorModel& e = twin.info().errors;
    REQUIRE(e.grows_with_fade);
    REQUIRE(e.growth > 0);
    const MemberPredictions p = twin.predict(rows);
    const Report r = make_report(c, w, rows, p, kDefaultEndOfLifeAh);
    double now = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows.cycle[i] < twin.info().last_cycle) continue;
        if (rows.cycle[i] == twin.info().last_cycle) {
            CHECK(p.error_sd[i] == e.sigma0_ah);  // no fade predicted yet: the noise alone
            now = r.twin[i];
            continue;
        }
        // The twin's own fall since the window (the physics at its drawn operating conditions at
        // both ends, so within the physics' share of their spread of the report's twin there).
        const double fade = std::max(now - r.twin[i], 0.0);
        CHECK(p.error_sd[i] == Approx(e.sd(fade)).epsilon(0.02).margin(1e-4));
    }
    // The same twin with the first version's error model has another band, and the same prediction.
    ForecastTwinSettings cycles;
    cycles.error_grows_with_fade = false;
    const Said a = forecast(c, w), b = forecast(c, w, cycles);
    CHECK(same(a.twin, b.twin));
    CHECK_FALSE(same(a.high, b.high));
}

TEST_CASE("battery: the rolling-origin backtest needs at least one origin, and one origin is the first version's") {
    const Cycles c = cell("B0006");
    const Window w{0, 79};
    ForecastTwinSettings none;
    none.backtest_origins = 0;
    std::string param;
    try {
        ForecastTwin::train(c, w, none);
    } catch (const SettingError& e) {
        param = e.param;
    }
    CHECK(param == "backtest_origins");
    ForecastTwinSettings one, four;
    one.backtest_origins = 1;
    four.backtest_origins = 4;
    const auto a = ForecastTwin::train(c, w, one).info(), b = ForecastTwin::train(c, w, four).info();
    CHECK(a.errors.sigma0_ah != b.errors.sigma0_ah);  // more origins, other errors measured
    for (std::size_t m = 0; m < a.members.size(); ++m) CHECK(a.members[m].curve.p == b.members[m].curve.p);  // same curves
}
