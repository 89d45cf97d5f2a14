#include "engine_loader.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>

namespace dtop::battery {

namespace {

struct Loaded {
    const EngineApi* api = nullptr;
    std::string error;
};

Loaded open_engine() {
    Dl_info self{};
    if (dladdr(reinterpret_cast<void*>(&open_engine), &self) == 0 || !self.dli_fname)
        return {nullptr, "cannot find the battery plugin's own file (dladdr failed)"};
    const auto file = std::filesystem::path(self.dli_fname).parent_path() / "battery" / "libdtop_battery_engine.so";
    // Never closed: LibTorch does not support being unloaded.
    void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) return {nullptr, "cannot load the battery engine " + file.string() + ": " + dlerror()};
    auto entry = reinterpret_cast<const EngineApi* (*)()>(dlsym(handle, "dtop_battery_engine"));
    if (!entry) return {nullptr, file.string() + " has no dtop_battery_engine (not a battery engine)"};
    const EngineApi* api = entry();
    if (!api || api->version != kEngineVersion)
        return {nullptr, file.string() + " is engine version " + std::to_string(api ? api->version : 0) + ", the plugin needs " +
                             std::to_string(kEngineVersion) + ": rebuild both together"};
    return {api, ""};
}

}  // namespace

const EngineApi& load_engine() {
    static std::once_flag once;
    static Loaded loaded;
    std::call_once(once, [] { loaded = open_engine(); });
    if (!loaded.api) throw std::runtime_error(loaded.error);
    return *loaded.api;
}

}  // namespace dtop::battery
