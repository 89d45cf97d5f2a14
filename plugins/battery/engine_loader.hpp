// The engine (LibTorch) is loaded on first use, from battery/ beside the plugin library itself, so
// that configure() - and with it `dtop validate` - never pays for LibTorch.
#pragma once

#include "engine_api.hpp"

namespace dtop::battery {

// Loads the engine once per process; throws, with the file and the loader's reason, if it cannot.
const EngineApi& load_engine();

}  // namespace dtop::battery
