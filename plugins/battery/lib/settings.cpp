#include "settings.hpp"

#include "window.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace dtop::battery {

std::vector<Feature> parse_features(const std::string& text) {
    std::vector<Feature> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        std::string name = text.substr(start, comma - start);
        name.erase(0, name.find_first_not_of(" \t"));
        name.erase(name.find_last_not_of(" \t") + 1);
        const auto* found = std::find(std::begin(kFeatureNames), std::end(kFeatureNames), name);
        if (found == std::end(kFeatureNames))
            throw SettingError("features", "unknown feature '" + name + "' (choose from physics, cycle, temperature, discharge_time)");
        const auto f = static_cast<Feature>(found - std::begin(kFeatureNames));
        if (std::find(out.begin(), out.end(), f) != out.end()) throw SettingError("features", "'" + name + "' is listed twice");
        out.push_back(f);
        start = comma + 1;
    }
    return out;
}

std::string features_text(const std::vector<Feature>& f) {
    std::string s;
    for (auto x : f) s += (s.empty() ? "" : ",") + std::string(kFeatureNames[static_cast<int>(x)]);
    return s;
}

void check_settings(const TwinSettings& s) {
    if (s.features.empty()) throw SettingError("features", "the network needs at least one feature");
    if (!(s.k > 0)) throw SettingError("k", "must be positive");
    if (!(s.learning_rate > 0)) throw SettingError("learning_rate", "must be positive");
    const std::pair<const char*, int> counts[] = {{"layers", s.layers}, {"width", s.width}, {"epochs", s.epochs},
                                                  {"batch", s.batch}, {"ensemble", s.ensemble}};
    for (const auto& [name, value] : counts)
        if (value < 1) throw SettingError(name, "must be at least 1");
}

void to_json(nlohmann::json& j, const TwinSettings& s) {
    j = nlohmann::json{{"k", s.k},
                       {"calibrate_k", s.calibrate_k},
                       {"features", features_text(s.features)},
                       {"layers", s.layers},
                       {"width", s.width},
                       {"epochs", s.epochs},
                       {"batch", s.batch},
                       {"learning_rate", s.learning_rate},
                       {"ensemble", s.ensemble},
                       {"seed", s.seed}};
}

void from_json(const nlohmann::json& j, TwinSettings& s) {
    s.k = j.at("k").get<double>();
    s.calibrate_k = j.at("calibrate_k").get<bool>();
    s.features = parse_features(j.at("features").get<std::string>());
    s.layers = j.at("layers").get<int>();
    s.width = j.at("width").get<int>();
    s.epochs = j.at("epochs").get<int>();
    s.batch = j.at("batch").get<int>();
    s.learning_rate = j.at("learning_rate").get<double>();
    s.ensemble = j.at("ensemble").get<int>();
    s.seed = j.at("seed").get<uint64_t>();
    check_settings(s);
}

}  // namespace dtop::battery
