// The interface between the twin and its engine: the LibTorch side (the networks, their training
// and their weights files) lives in a separate shared library, loaded on first use, so that the
// plugin library dtop loads to validate a scenario never pulls LibTorch in (about 0.5 s).
//
// The engine exports one C symbol, dtop_battery_engine(), returning this table. Plugin and engine
// come from one build (same compiler and standard library), so C++ types cross it; kEngineVersion
// guards against a stale engine file. No exception crosses: failures come back as `error`.
#pragma once

#include "settings.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace dtop::battery {

struct Network;  // an ensemble's weights, owned by the engine

// rows x cols, row-major.
struct FeatureMatrix {
    const float* data = nullptr;
    std::size_t rows = 0, cols = 0;
};

inline constexpr uint32_t kEngineVersion = 1;

struct EngineApi {
    uint32_t version;
    // Trains settings.ensemble networks on features -> target (both standardised).
    Network* (*train)(const FeatureMatrix& features, const float* target, const TwinSettings& settings, std::string& error);
    // out[m * rows + i] = member m's output for row i.
    bool (*predict)(const Network& net, const FeatureMatrix& features, double* out, std::string& error);
    bool (*save)(const Network& net, const std::string& path, std::string& error);
    // Reads weights saved by `save`; refuses them unless they fit `settings` with `features` inputs.
    Network* (*load)(const std::string& path, const TwinSettings& settings, std::size_t features, std::string& error);
    void (*destroy)(Network* net);
};

}  // namespace dtop::battery

extern "C" const dtop::battery::EngineApi* dtop_battery_engine();
