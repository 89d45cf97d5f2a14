#include "forecast_twin.hpp"

#include <dtop_support/regular_file.hpp>

#include "fingerprint.hpp"
#include "twin.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <random>
#include <stdexcept>

namespace dtop::battery {

using nlohmann::json;

namespace {

constexpr const char* kFormat = "dtop-battery-twin";
constexpr int kFormatVersion = 1;
constexpr double kPi = 3.14159265358979323846;

FadeData window_data(const Cycles& c, const Window& w) {
    FadeData d;
    for (std::size_t i = w.first; i <= w.last; ++i) {
        d.cycle.push_back(c.cycle[i]);
        d.capacity_ah.push_back(c.capacity_ah[i]);
        d.ratio.push_back(c.temperature_c[i] / c.discharge_time_s[i]);
    }
    return d;
}

// Mean and deviation of the last n ratios.
std::pair<double, double> recent_ratio(const FadeData& d, std::size_t n) {
    n = std::min(n, d.size());
    double mean = 0, sq = 0;
    for (std::size_t i = d.size() - n; i < d.size(); ++i) mean += d.ratio[i];
    mean /= static_cast<double>(n);
    for (std::size_t i = d.size() - n; i < d.size(); ++i) sq += (d.ratio[i] - mean) * (d.ratio[i] - mean);
    return {mean, n > 1 ? std::sqrt(sq / static_cast<double>(n - 1)) : 0.0};
}

// Standard normal draws by Box-Muller from a seeded mt19937_64: the same numbers with any standard
// library (std::normal_distribution's algorithm is not specified).
std::vector<double> normal_draws(uint64_t seed, int n) {
    std::mt19937_64 rng(seed);
    std::vector<double> z;
    while (static_cast<int>(z.size()) < n) {
        const double u1 = (static_cast<double>(rng() >> 11) + 1.0) * 0x1.0p-53, u2 = static_cast<double>(rng() >> 11) * 0x1.0p-53;
        const double r = std::sqrt(-2 * std::log(u1));
        z.push_back(r * std::cos(2 * kPi * u2));
        if (static_cast<int>(z.size()) < n) z.push_back(r * std::sin(2 * kPi * u2));
    }
    return z;
}

[[noreturn]] void corrupt(const std::string& path, const std::string& what) {
    throw std::runtime_error(path + " is corrupt: " + what);
}

void check_settings(const ForecastTwinSettings& s) {
    if (s.members.empty()) throw SettingError("members", "the forecast needs at least one curve");
    if (s.assumption_cycles < 1) throw SettingError("assumption_cycles", "must be at least 1");
    if (s.physics_samples < 1) throw SettingError("physics_samples", "must be at least 1");
    if (!(s.backtest_share > 0 && s.backtest_share < 1)) throw SettingError("backtest_share", "must lie between 0 and 1");
    if (s.backtest_origins < 1) throw SettingError("backtest_origins", "must be at least 1");
}

// The heads of the rolling-origin backtest, as shares of the window: `backtest_origins` shares
// evenly from min(0.5, backtest_share) to backtest_share (one origin: backtest_share alone).
std::vector<double> backtest_origin_shares(const ForecastTwinSettings& s) {
    if (s.backtest_origins == 1) return {s.backtest_share};
    const double first = std::min(0.5, s.backtest_share);
    std::vector<double> shares;
    for (int j = 0; j < s.backtest_origins; ++j)
        shares.push_back(first + (s.backtest_share - first) * j / static_cast<double>(s.backtest_origins - 1));
    return shares;
}

// Least squares of e2 = a + b h2 with a, b >= 0: the unconstrained solution, or the best with one
// of them at zero.
ForecastErrorModel fit_error_growth(const std::vector<double>& h2, const std::vector<double>& e2) {
    const auto n = static_cast<double>(h2.size());
    double mh = 0, me = 0;
    for (std::size_t i = 0; i < h2.size(); ++i) mh += h2[i], me += e2[i];
    mh /= n, me /= n;
    double shh = 0, she = 0, sh4 = 0, sh2e = 0;
    for (std::size_t i = 0; i < h2.size(); ++i) {
        shh += (h2[i] - mh) * (h2[i] - mh), she += (h2[i] - mh) * (e2[i] - me);
        sh4 += h2[i] * h2[i], sh2e += h2[i] * e2[i];
    }
    double b = shh > 0 ? she / shh : 0.0, a = me - b * mh;
    if (b < 0) b = 0, a = me;                                   // no growth: the mean square error
    else if (a < 0) a = 0, b = sh4 > 0 ? sh2e / sh4 : 0.0;     // growth through the origin
    return ForecastErrorModel{std::sqrt(a), std::sqrt(b)};
}

}  // namespace

double ForecastErrorModel::sd(double x) const {
    const double drift = growth * std::max(x, 0.0);
    return std::sqrt(sigma0_ah * sigma0_ah + drift * drift);
}

ForecastTwin ForecastTwin::train(const Cycles& c, const Window& w, const ForecastTwinSettings& s) {
    check_settings(s);
    ForecastTwinInfo info;
    info.settings = s;
    info.first_cycle = c.cycle[w.first];
    info.last_cycle = c.cycle[w.last];
    info.training_cycles = w.size();
    info.fingerprint = training_fingerprint(c, w);
    const FadeData d = window_data(c, w);
    const auto n_assumed = static_cast<std::size_t>(s.assumption_cycles);

    // The backtest: fit on the head, predict the tail, all inside the window.
    const auto head_size = std::max<std::size_t>(3, static_cast<std::size_t>(s.backtest_share * static_cast<double>(d.size())));
    if (head_size >= d.size()) throw SettingError("train_to", "the training window is too short for the forecast's backtest");
    const FadeData head = d.head(head_size);
    const double head_ratio = recent_ratio(head, n_assumed).first;
    std::vector<Curve> head_fits;
    double weight_sum = 0;
    for (CurveKind k : s.members) {
        head_fits.push_back(fit_curve(k, head));
        double sq = 0;
        for (std::size_t i = head_size; i < d.size(); ++i) sq += std::pow(head_fits.back().at(d.cycle[i], head_ratio) - d.capacity_ah[i], 2);
        const double mse = std::max(sq / static_cast<double>(d.size() - head_size), 1e-12);
        const double weight = s.backtest_weights ? 1 / mse : 1.0;
        info.members.push_back(StackMember{fit_curve(k, d), weight, std::sqrt(mse)});
        weight_sum += weight;
    }
    for (auto& m : info.members) m.weight /= weight_sum;

    // The twin's own error, from the backtest: its squared errors e^2 at x ahead (x: the fade the
    // head's twin predicts since the head's last cycle, or the cycles h), least squares
    // e^2 = sigma0^2 + growth^2 x^2 (both kept non-negative).
    std::vector<double> x2, e2;
    auto backtest_errors = [&](std::size_t origin_size, const std::vector<Curve>& fits, double ratio) {
        auto twin_of = [&](double cycle) {
            double v = 0;
            for (std::size_t m = 0; m < info.members.size(); ++m) v += info.members[m].weight * fits[m].at(cycle, ratio);
            return v;
        };
        const double origin_cycle = d.cycle[origin_size - 1], at_origin = twin_of(origin_cycle);
        for (std::size_t i = origin_size; i < d.size(); ++i) {
            const double v = twin_of(d.cycle[i]);
            const double x = s.error_grows_with_fade ? std::max(at_origin - v, 0.0) : d.cycle[i] - origin_cycle;
            x2.push_back(x * x);
            e2.push_back((v - d.capacity_ah[i]) * (v - d.capacity_ah[i]));
        }
    };
    // Rolling origins: the errors of several backtests, fitted on growing heads of the window, so
    // the error model sees horizons up to half the window, not only its last quarter.
    for (const double share : backtest_origin_shares(s)) {
        const auto size = std::max<std::size_t>(3, static_cast<std::size_t>(share * static_cast<double>(d.size())));
        if (size >= d.size()) continue;
        const FadeData h = d.head(size);
        std::vector<Curve> fits;
        for (CurveKind k : s.members) fits.push_back(fit_curve(k, h));
        backtest_errors(size, fits, recent_ratio(h, n_assumed).first);
    }
    info.errors = fit_error_growth(x2, e2);
    info.errors.grows_with_fade = s.error_grows_with_fade;

    // The operating conditions after the window, and one draw of them per physics path.
    const auto [mean, sd] = recent_ratio(d, n_assumed);
    info.operating.ratio_mean = mean;
    info.operating.ratio_sd = sd;
    info.operating.cycles = std::min(n_assumed, d.size());
    for (double z : normal_draws(s.seed, s.physics_samples)) info.operating.samples.push_back(std::max(mean + sd * z, 0.0));
    return ForecastTwin(std::move(info));
}

// The twin under the operating model (the physics averaged over the draws): the same at the last
// training cycle as after it, so the fade between them is the twin's own, not a jump of T_i / t_i.
double ForecastTwin::twin_at(double cycle) const {
    double v = 0;
    for (const auto& m : info_.members) {
        if (m.curve.kind != CurveKind::physics) {
            v += m.weight * m.curve.at(cycle, info_.operating.ratio_mean);
            continue;
        }
        double mean = 0;
        for (double ratio : info_.operating.samples) mean += m.curve.at(cycle, ratio);
        v += m.weight * mean / static_cast<double>(info_.operating.samples.size());
    }
    return v;
}

MemberPredictions ForecastTwin::predict(const ForecastRows& rows) const {
    const std::size_t n = rows.size();
    const auto& draws = info_.operating.samples;
    // A row's own T_i / t_i inside the window (measured there), the operating model after it.
    auto own_ratio = [&](std::size_t i) { return rows.temperature_c[i] / rows.discharge_time_s[i]; };
    auto after = [&](std::size_t i) { return rows.cycle[i] > info_.last_cycle; };

    // The twin: the curves' weighted mean, the physics taken as the mean of its draws. It is a
    // forecast: it starts at the last training cycle (NaN before it, where the curves that follow
    // the last cycles, the held last value above all, are no fit of the window).
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> twin(n, 0.0), physics_mean(n, 0.0);
    const StackMember* physics = nullptr;
    for (const auto& m : info_.members) {
        if (m.curve.kind == CurveKind::physics) physics = &m;
        for (std::size_t i = 0; i < n; ++i) {
            double v = m.curve.at(rows.cycle[i], own_ratio(i));
            if (m.curve.kind == CurveKind::physics && after(i)) {
                v = 0;
                for (double ratio : draws) v += m.curve.at(rows.cycle[i], ratio);
                v /= static_cast<double>(draws.size());
                physics_mean[i] = v;
            }
            twin[i] += m.weight * v;
        }
    }
    // One path per draw of the operating conditions: the twin moved by what that draw moves the
    // physics. Their spread is the operating conditions' share of the band; the curves' disagreement
    // is not added to it, as the backtest's error growth already measures the mean's own error.
    MemberPredictions p;
    p.physics.resize(n);
    p.error_sd.resize(n);
    const std::size_t paths = physics ? draws.size() : 1;
    for (std::size_t s = 0; s < paths; ++s) {
        for (std::size_t i = 0; i < n; ++i) {
            const double shift = physics && after(i) ? physics->weight * (physics->curve.at(rows.cycle[i], draws[s]) - physics_mean[i]) : 0.0;
            p.values.push_back(rows.cycle[i] < info_.last_cycle ? nan : twin[i] + shift);
        }
        p.weights.push_back(1.0 / static_cast<double>(paths));
    }
    p.members = paths;
    const double now = twin_at(info_.last_cycle);
    for (std::size_t i = 0; i < n; ++i) {
        const double ratio = after(i) ? info_.operating.ratio_mean : own_ratio(i);
        p.physics[i] = physics ? physics->curve.at(rows.cycle[i], ratio) : std::nan("");
        const double ahead = rows.cycle[i] - info_.last_cycle;
        const double fade = ahead > 0 ? now - twin_at(rows.cycle[i]) : 0.0;
        p.error_sd[i] = info_.errors.sd(info_.errors.grows_with_fade ? fade : ahead);
    }
    return p;
}

void ForecastTwin::save(const std::string& json_path) const {
    const ForecastTwinInfo& i = info_;
    json members = json::array();
    for (const auto& m : i.members)
        members.push_back({{"curve", curve_name(m.curve.kind)},
                           {"parameters", m.curve.p},
                           {"weight", m.weight},
                           {"backtest_rmse_ah", m.backtest_rmse_ah}});
    json kinds = json::array();
    for (CurveKind k : i.settings.members) kinds.push_back(curve_name(k));
    json j{{"format", kFormat},
           {"format_version", kFormatVersion},
           {"mode", "forecast"},
           {"settings", {{"members", kinds},
                         {"assumption_cycles", i.settings.assumption_cycles},
                         {"physics_samples", i.settings.physics_samples},
                         {"backtest_share", i.settings.backtest_share},
                         {"backtest_weights", i.settings.backtest_weights},
                         {"backtest_origins", i.settings.backtest_origins},
                         {"error_grows_with", i.settings.error_grows_with_fade ? "fade" : "cycles"},
                         {"seed", i.settings.seed}}},
           {"training", {{"first_cycle", i.first_cycle}, {"last_cycle", i.last_cycle}, {"cycles", i.training_cycles}, {"sha256", i.fingerprint}}},
           {"operating_conditions", {{"ratio_mean", i.operating.ratio_mean},
                                     {"ratio_sd", i.operating.ratio_sd},
                                     {"cycles", i.operating.cycles},
                                     {"samples", i.operating.samples}}},
           {"members", members},
           {"error_model", {{"sigma0_ah", i.errors.sigma0_ah},
                            {"growth", i.errors.growth},
                            {"grows_with", i.errors.grows_with_fade ? "fade" : "cycles"}}}};
    std::ofstream out(json_path, std::ios::trunc);
    out << j.dump(2) << '\n';
    if (!out) throw std::runtime_error("cannot write " + json_path);
}

namespace {

json read_json_file(const std::string& path) {
    if (const std::string why = support::regular_file_problem(path); !why.empty()) throw std::runtime_error(path + ": " + why);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    return json::parse(in, nullptr, false);
}

}  // namespace

std::string saved_twin_mode(const std::string& json_path) {
    const json j = read_json_file(json_path);
    if (j.is_discarded() || !j.is_object() || !j.contains("format") || j["format"] != kFormat)
        throw std::runtime_error(json_path + " is not a saved battery twin (no \"format\": \"" + kFormat +
                                 "\"; save one with save_twin: true)");
    if (j.contains("mode") && j["mode"].is_string()) return j["mode"].get<std::string>();
    return "virtual-sensor";
}

ForecastTwin ForecastTwin::load(const std::string& json_path) {
    const json j = read_json_file(json_path);
    if (j.is_discarded() || !j.is_object() || !j.contains("format") || j["format"] != kFormat)
        throw std::runtime_error(json_path + " is not a saved battery twin (no \"format\": \"" + kFormat +
                                 "\"; save one with save_twin: true)");
    const json version = j.contains("format_version") ? j["format_version"] : json();
    if (version != kFormatVersion)
        throw std::runtime_error(json_path + " is a battery twin of format version " + version.dump() + "; this dtop reads version " +
                                 std::to_string(kFormatVersion));
    ForecastTwinInfo info;
    try {
        if (j.at("mode") != "forecast") corrupt(json_path, "its mode is not \"forecast\"");
        const auto& s = j.at("settings");
        info.settings.members.clear();
        for (const auto& k : s.at("members")) info.settings.members.push_back(curve_kind(k.get<std::string>()));
        info.settings.assumption_cycles = s.at("assumption_cycles").get<int64_t>();
        info.settings.physics_samples = json_whole<int>(s.at("physics_samples"));
        info.settings.backtest_share = s.at("backtest_share").get<double>();
        info.settings.backtest_weights = s.at("backtest_weights").get<bool>();
        // Twins saved before the rolling-origin backtest had one origin (the number is not used to
        // predict: the error model is saved), and their error grew with the cycles.
        info.settings.backtest_origins = s.value("backtest_origins", 1);
        info.settings.error_grows_with_fade = s.value("error_grows_with", std::string("cycles")) == "fade";
        info.settings.seed = s.at("seed").get<uint64_t>();
        const auto& t = j.at("training");
        info.first_cycle = t.at("first_cycle").get<double>();
        info.last_cycle = t.at("last_cycle").get<double>();
        info.training_cycles = json_whole<std::size_t>(t.at("cycles"));
        info.fingerprint = t.at("sha256").get<std::string>();
        const auto& o = j.at("operating_conditions");
        info.operating.ratio_mean = o.at("ratio_mean").get<double>();
        info.operating.ratio_sd = o.at("ratio_sd").get<double>();
        info.operating.cycles = json_whole<std::size_t>(o.at("cycles"));
        info.operating.samples = o.at("samples").get<std::vector<double>>();
        for (const auto& m : j.at("members")) {
            StackMember member;
            member.curve.kind = curve_kind(m.at("curve").get<std::string>());
            member.curve.p = m.at("parameters").get<std::array<double, 5>>();
            member.weight = m.at("weight").get<double>();
            member.backtest_rmse_ah = m.at("backtest_rmse_ah").get<double>();
            info.members.push_back(member);
        }
        const auto& e = j.at("error_model");
        const std::string grows_with = e.value("grows_with", std::string("cycles"));
        if (grows_with != "fade" && grows_with != "cycles") corrupt(json_path, "error_model.grows_with is \"" + grows_with + "\", not \"fade\" or \"cycles\"");
        const bool fade = grows_with == "fade";
        const double growth = e.contains("growth") ? e.at("growth").get<double>() : e.at("growth_ah_per_cycle").get<double>();
        info.errors = ForecastErrorModel{e.at("sigma0_ah").get<double>(), growth, fade};
    } catch (const std::runtime_error&) {
        throw;
    } catch (const std::exception& e) {
        corrupt(json_path, e.what());
    }
    if (info.members.size() != info.settings.members.size())
        corrupt(json_path, "it lists " + std::to_string(info.members.size()) + " curves, its settings " +
                               std::to_string(info.settings.members.size()));
    if (info.operating.samples.size() != static_cast<std::size_t>(info.settings.physics_samples))
        corrupt(json_path, "it holds " + std::to_string(info.operating.samples.size()) + " draws of the operating conditions, its settings " +
                               std::to_string(info.settings.physics_samples));
    double total = 0;
    for (const auto& m : info.members) {
        if (!(m.weight >= 0)) corrupt(json_path, "a curve's weight is negative");
        total += m.weight;
    }
    if (std::abs(total - 1) > 1e-9) corrupt(json_path, "the curves' weights do not add up to 1");
    return ForecastTwin(std::move(info));
}

void check_trained_on(const ForecastTwinInfo& info, const Cycles& c) {
    TwinInfo window;
    window.first_cycle = info.first_cycle;
    window.last_cycle = info.last_cycle;
    window.training_cycles = info.training_cycles;
    window.fingerprint = info.fingerprint;
    check_trained_on(window, c);
}

}  // namespace dtop::battery
