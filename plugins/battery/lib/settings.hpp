// What a twin is made of: the physics constant and the network, as the scenario sets them and as a
// saved twin records them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace dtop::battery {

// The network's inputs, each standardised with the training cycles' mean and deviation.
enum class Feature { physics, cycle, temperature, discharge_time };
inline constexpr const char* kFeatureNames[] = {"physics", "cycle", "temperature", "discharge_time"};

struct TwinSettings {
    double k = 0.13;           // the physics constant (the starting value when calibrated)
    bool calibrate_k = false;  // fit k on the training cycles
    std::vector<Feature> features{Feature::physics, Feature::cycle, Feature::discharge_time};
    int layers = 1;            // hidden layers
    int width = 32;            // units per hidden layer
    int epochs = 150;
    int batch = 16;
    double learning_rate = 0.01;
    int ensemble = 8;          // networks, each from its own seed
    uint64_t seed = 1;
};

// "physics,cycle,discharge_time" -> features; throws SettingError("features", ...) on an unknown
// or repeated name, or an empty list.
std::vector<Feature> parse_features(const std::string& text);
std::string features_text(const std::vector<Feature>& f);

// Checks ranges the scenario cannot (they depend on each other); throws SettingError.
void check_settings(const TwinSettings& s);

void to_json(nlohmann::json& j, const TwinSettings& s);
void from_json(const nlohmann::json& j, TwinSettings& s);

// A whole number of type T from a saved file's JSON value: an integer, or a float with a whole value,
// within T's range; anything else throws std::invalid_argument (nlohmann's get<int>() of 1e33 is
// undefined behaviour, found by tests/fuzz).
template <class T> T json_whole(const nlohmann::json& v);

}  // namespace dtop::battery
