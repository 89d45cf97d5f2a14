#include "twin.hpp"

#include <dtop_support/regular_file.hpp>

#include "fingerprint.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace dtop::battery {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kFormat = "dtop-battery-twin";
constexpr int kFormatVersion = 1;

// Mean and deviation of one column; a constant column keeps scale 1 (it then carries nothing).
std::pair<double, double> mean_and_scale(const std::vector<double>& v) {
    double mean = 0, sq = 0;
    for (double x : v) mean += x;
    mean /= static_cast<double>(v.size());
    for (double x : v) sq += (x - mean) * (x - mean);
    const double sd = std::sqrt(sq / static_cast<double>(v.size()));
    return {mean, sd > 1e-12 * std::max(1.0, std::abs(mean)) ? sd : 1.0};
}

double feature_value(Feature f, const Physics& p, double cycle, double temperature, double time, double physics) {
    switch (f) {
    case Feature::physics: return physics;
    case Feature::cycle: return p.age(cycle);
    case Feature::temperature: return temperature;
    case Feature::discharge_time: return time;
    }
    return 0;
}

[[noreturn]] void corrupt(const std::string& path, const std::string& what) {
    throw std::runtime_error(path + " is corrupt: " + what);
}

}  // namespace

Twin::Twin(const EngineApi& engine, TwinInfo info, Network* net)
    : engine_(&engine), info_(std::move(info)), net_(net, engine.destroy) {}

std::vector<float> Twin::features(const std::vector<double>& cycle, const std::vector<double>& temperature_c,
                                  const std::vector<double>& discharge_time_s, const std::vector<double>& physics) const {
    const auto& f = info_.settings.features;
    std::vector<float> x(cycle.size() * f.size());
    for (std::size_t i = 0; i < cycle.size(); ++i)
        for (std::size_t j = 0; j < f.size(); ++j) {
            const double v = feature_value(f[j], info_.physics, cycle[i], temperature_c[i], discharge_time_s[i], physics[i]);
            x[i * f.size() + j] = static_cast<float>((v - info_.scaling.feature_mean[j]) / info_.scaling.feature_scale[j]);
        }
    return x;
}

double ErrorModel::sd(double h, OperatingInputs inputs) const {
    const double growth = inputs == OperatingInputs::measured ? growth_measured : growth_assumed;
    const double drift = growth * std::max(h, 0.0);
    return std::sqrt(sigma0_ah * sigma0_ah + drift * drift);
}

Twin Twin::train(const EngineApi& engine, const Cycles& c, const Window& w, const TwinSettings& s) {
    Twin twin = fit(engine, c, w, s);
    twin.info_.errors = twin.error_model(c, w);
    return twin;
}

ErrorModel Twin::error_model(const Cycles& c, const Window& w) const {
    const Cycles seen = c.head(w.last + 1);  // the backtest never reaches past the window
    ForecastSettings f;
    f.future_cycles = 0;
    ErrorModel e;
    const ForecastRows own = forecast_rows(seen, w, f);
    const MemberPredictions p = predict(own);
    for (std::size_t i = 0; i < own.size(); ++i) e.sigma0_ah += std::pow(p.mean(i) - own.measured_ah[i], 2);
    e.sigma0_ah = std::sqrt(e.sigma0_ah / static_cast<double>(own.size()));

    const Window head{w.first, w.first + static_cast<std::size_t>(kBacktestFitShare * static_cast<double>(w.size())) - 1};
    TwinSettings s = info_.settings;
    s.ensemble = std::max(2, s.ensemble / 2);
    const Twin backtest = fit(*engine_, seen, head, s);
    for (const OperatingInputs inputs : {OperatingInputs::measured, OperatingInputs::assumed}) {
        f.inputs = inputs;
        const ForecastRows rows = forecast_rows(seen, head, f);
        const MemberPredictions q = backtest.predict(rows);
        double num = 0, den = 0;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (rows.split[i] == Split::training) continue;
            const double h = rows.cycle[i] - rows.last_training_cycle;
            num += h * std::abs(q.mean(i) - rows.measured_ah[i]);
            den += h * h;
        }
        (inputs == OperatingInputs::measured ? e.growth_measured : e.growth_assumed) = num / den;
    }
    return e;
}

Twin Twin::fit(const EngineApi& engine, const Cycles& c, const Window& w, const TwinSettings& s) {
    check_settings(s);
    TwinInfo info;
    info.settings = s;
    info.physics = physics_for(c, w, s.calibrate_k ? calibrate_fade_constant(c, w) : s.k);
    info.first_cycle = c.cycle[w.first];
    info.last_cycle = c.cycle[w.last];
    info.training_cycles = w.size();
    info.fingerprint = training_fingerprint(c, w);

    // Only the window's rows from here on.
    auto window_of = [&](const std::vector<double>& v) {
        return std::vector<double>(v.begin() + static_cast<long>(w.first), v.begin() + static_cast<long>(w.last) + 1);
    };
    const auto cycle = window_of(c.cycle), temperature = window_of(c.temperature_c), time = window_of(c.discharge_time_s),
               measured = window_of(c.capacity_ah);
    std::vector<double> physics(cycle.size()), residual(cycle.size());
    for (std::size_t i = 0; i < cycle.size(); ++i) {
        physics[i] = info.physics.capacity(cycle[i], temperature[i], time[i]);
        residual[i] = measured[i] - physics[i];
    }
    for (Feature f : s.features) {
        std::vector<double> column(cycle.size());
        for (std::size_t i = 0; i < cycle.size(); ++i)
            column[i] = feature_value(f, info.physics, cycle[i], temperature[i], time[i], physics[i]);
        const auto [mean, scale] = mean_and_scale(column);
        info.scaling.feature_mean.push_back(mean);
        info.scaling.feature_scale.push_back(scale);
    }
    std::tie(info.scaling.residual_mean, info.scaling.residual_scale) = mean_and_scale(residual);

    Twin twin(engine, std::move(info), nullptr);
    const auto x = twin.features(cycle, temperature, time, physics);
    std::vector<float> y(cycle.size());
    for (std::size_t i = 0; i < y.size(); ++i)
        y[i] = static_cast<float>((residual[i] - twin.info_.scaling.residual_mean) / twin.info_.scaling.residual_scale);
    std::string error;
    Network* net = engine.train(FeatureMatrix{x.data(), cycle.size(), s.features.size()}, y.data(), s, error);
    if (!net) throw std::runtime_error("training failed: " + error);
    twin.net_.reset(net, engine.destroy);
    return twin;
}

MemberPredictions Twin::predict(const ForecastRows& rows) const {
    MemberPredictions p;
    p.members = static_cast<std::size_t>(info_.settings.ensemble);
    p.physics.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        p.physics[i] = info_.physics.capacity(rows.cycle[i], rows.temperature_c[i], rows.discharge_time_s[i]);
    const auto x = features(rows.cycle, rows.temperature_c, rows.discharge_time_s, p.physics);
    p.values.resize(p.members * rows.size());
    std::string error;
    if (!engine_->predict(*net_, FeatureMatrix{x.data(), rows.size(), info_.settings.features.size()}, p.values.data(), error))
        throw std::runtime_error("prediction failed: " + error);
    for (std::size_t m = 0; m < p.members; ++m)
        for (std::size_t i = 0; i < rows.size(); ++i) {
            double& v = p.values[m * rows.size() + i];
            v = p.physics[i] + info_.scaling.residual_mean + info_.scaling.residual_scale * v;
        }
    p.error_sd.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) p.error_sd[i] = info_.errors.sd(rows.cycle[i] - info_.last_cycle, rows.inputs);
    return p;
}

void check_trained_on(const TwinInfo& info, const Cycles& c) {
    const long first = c.index_of(info.first_cycle), last = c.index_of(info.last_cycle);
    auto cycle_text = [](double v) { return std::to_string(std::llround(v)); };
    const std::string window = "cycles " + cycle_text(info.first_cycle) + " to " + cycle_text(info.last_cycle);
    if (first < 0 || last < 0)
        throw std::runtime_error("the twin was trained on " + window + ", which these data do not hold");
    const Window w{static_cast<std::size_t>(first), static_cast<std::size_t>(last)};
    if (w.size() != info.training_cycles || training_fingerprint(c, w) != info.fingerprint)
        throw std::runtime_error("the twin was trained on other data: " + window + " of these data differ from its training cycles (SHA-256 " +
                                 info.fingerprint.substr(0, 12) + "...)");
}

void Twin::save(const std::string& json_path) const {
    const fs::path weights = fs::path(json_path).replace_extension(".pt");
    std::string error;
    if (!engine_->save(*net_, weights.string(), error)) throw std::runtime_error("cannot save the twin's weights: " + error);
    json j;
    j["format"] = kFormat;
    j["format_version"] = kFormatVersion;
    j["settings"] = info_.settings;
    j["physics"] = {{"c0_ah", info_.physics.c0_ah}, {"k", info_.physics.k}, {"first_cycle", info_.physics.first_cycle}};
    j["training"] = {{"first_cycle", info_.first_cycle},
                     {"last_cycle", info_.last_cycle},
                     {"cycles", info_.training_cycles},
                     {"sha256", info_.fingerprint}};
    j["scaling"] = {{"feature_mean", info_.scaling.feature_mean},
                    {"feature_scale", info_.scaling.feature_scale},
                    {"residual_mean", info_.scaling.residual_mean},
                    {"residual_scale", info_.scaling.residual_scale}};
    j["error_model"] = {{"sigma0_ah", info_.errors.sigma0_ah},
                        {"growth_measured_ah_per_cycle", info_.errors.growth_measured},
                        {"growth_assumed_ah_per_cycle", info_.errors.growth_assumed}};
    j["weights"] = {{"file", weights.filename().string()}, {"sha256", sha256_of_file(weights.string())}};
    std::ofstream out(json_path, std::ios::trunc);
    out << j.dump(2) << '\n';
    if (!out) throw std::runtime_error("cannot write " + json_path);
}

TwinFile read_twin_file(const std::string& json_path) {
    if (const std::string why = support::regular_file_problem(json_path); !why.empty()) throw std::runtime_error(json_path + ": " + why);
    std::ifstream in(json_path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + json_path);
    const json j = json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("format") || j["format"] != kFormat)
        throw std::runtime_error(json_path + " is not a saved battery twin (no \"format\": \"" + kFormat +
                                 "\"; save one with save_twin: true)");
    const json version = j.contains("format_version") ? j["format_version"] : json();
    if (version != kFormatVersion)
        throw std::runtime_error(json_path + " is a battery twin of format version " + version.dump() + "; this dtop reads version " +
                                 std::to_string(kFormatVersion));
    TwinFile f;
    TwinInfo& info = f.info;
    try {
        info.settings = j.at("settings").get<TwinSettings>();
        const auto& p = j.at("physics");
        info.physics = Physics{p.at("c0_ah").get<double>(), p.at("k").get<double>(), p.at("first_cycle").get<double>()};
        const auto& t = j.at("training");
        info.first_cycle = t.at("first_cycle").get<double>();
        info.last_cycle = t.at("last_cycle").get<double>();
        info.training_cycles = json_whole<std::size_t>(t.at("cycles"));
        info.fingerprint = t.at("sha256").get<std::string>();
        const auto& s = j.at("scaling");
        info.scaling = Scaling{s.at("feature_mean").get<std::vector<double>>(), s.at("feature_scale").get<std::vector<double>>(),
                               s.at("residual_mean").get<double>(), s.at("residual_scale").get<double>()};
        const auto& e = j.at("error_model");
        info.errors = ErrorModel{e.at("sigma0_ah").get<double>(), e.at("growth_measured_ah_per_cycle").get<double>(),
                                 e.at("growth_assumed_ah_per_cycle").get<double>()};
        f.weights_path = (fs::path(json_path).parent_path() / j.at("weights").at("file").get<std::string>()).string();
        f.weights_sha256 = j.at("weights").at("sha256").get<std::string>();
    } catch (const std::exception& e) {
        corrupt(json_path, e.what());
    }
    const std::size_t nf = info.settings.features.size();
    if (info.scaling.feature_mean.size() != nf || info.scaling.feature_scale.size() != nf)
        corrupt(json_path, "its scaling has " + std::to_string(info.scaling.feature_mean.size()) + " features, its settings " +
                               std::to_string(nf));
    // Features and residuals are divided by these scales: a zero or non-finite one would make every
    // prediction NaN. Training never writes one (a constant column gets scale 1).
    auto check_scale = [&](const std::string& field, double scale, double mean) {
        if (!(std::isfinite(scale) && scale > 0) || !std::isfinite(mean))
            corrupt(json_path, "scaling." + field + " must be a positive finite number with a finite mean");
    };
    for (std::size_t j = 0; j < nf; ++j)
        check_scale("feature_scale[" + std::to_string(j) + "]", info.scaling.feature_scale[j], info.scaling.feature_mean[j]);
    check_scale("residual_scale", info.scaling.residual_scale, info.scaling.residual_mean);
    return f;
}

Twin Twin::load(const EngineApi& engine, const std::string& json_path) {
    TwinFile f = read_twin_file(json_path);
    if (!fs::exists(f.weights_path)) throw std::runtime_error(json_path + ": its weights file " + f.weights_path + " is missing");
    if (sha256_of_file(f.weights_path) != f.weights_sha256)
        corrupt(json_path, "the weights file " + f.weights_path + " does not match the checksum saved with the twin");
    std::string error;
    Network* net = engine.load(f.weights_path, f.info.settings, f.info.settings.features.size(), error);
    if (!net) corrupt(json_path, error);
    return Twin(engine, std::move(f.info), net);
}

}  // namespace dtop::battery
