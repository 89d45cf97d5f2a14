#include "settings.hpp"

#include "window.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <utility>

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

template <class T> T json_whole(const nlohmann::json& v) {
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        if (u <= static_cast<std::uint64_t>(std::numeric_limits<T>::max())) return static_cast<T>(u);
    } else if (v.is_number_integer()) {
        const auto i = v.get<std::int64_t>();
        if (std::in_range<T>(i)) return static_cast<T>(i);
    } else if (v.is_number_float()) {
        const double d = v.get<double>();
        // Both bounds as doubles: T's max may round up, hence the strict upper test.
        if (std::isfinite(d) && d == std::floor(d) && d >= static_cast<double>(std::numeric_limits<T>::min()) &&
            d < static_cast<double>(std::numeric_limits<T>::max()))
            return static_cast<T>(d);
    }
    throw std::invalid_argument("expected a whole number that fits, got " + v.dump());
}
template int json_whole<int>(const nlohmann::json&);
template std::size_t json_whole<std::size_t>(const nlohmann::json&);  // std::uint64_t too, on Linux x86-64

void from_json(const nlohmann::json& j, TwinSettings& s) {
    s.k = j.at("k").get<double>();
    s.calibrate_k = j.at("calibrate_k").get<bool>();
    s.features = parse_features(j.at("features").get<std::string>());
    s.layers = json_whole<int>(j.at("layers"));
    s.width = json_whole<int>(j.at("width"));
    s.epochs = json_whole<int>(j.at("epochs"));
    s.batch = json_whole<int>(j.at("batch"));
    s.learning_rate = j.at("learning_rate").get<double>();
    s.ensemble = json_whole<int>(j.at("ensemble"));
    s.seed = json_whole<std::uint64_t>(j.at("seed"));
    check_settings(s);
}

}  // namespace dtop::battery
