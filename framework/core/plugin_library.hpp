// Loading a plugin library with Boost.DLL, the ABI handshake, and instances of its plugin.
// A PluginLibrary stays loaded while any Instance of it lives (each holds a shared_ptr to it).
#pragma once

#include "plugin_desc.hpp"
#include "value.hpp"

#include <dtop/dtop_abi.h>

#include <boost/dll/shared_library.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

namespace dtop {

// Why a library is not a usable plugin; the message names the file.
struct LoadError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A plugin function reported an error (its own message, and the parameter it names if any).
// fatal: it returned DTOP_FATAL (or an unknown status): the instance is only destroyed, never finished.
struct PluginError : std::runtime_error {
    PluginError(const std::string& message, std::string param, bool fatal = false)
        : std::runtime_error(message), param(std::move(param)), fatal(fatal) {}
    std::string param;
    bool fatal = false;
};

class PluginLibrary {
public:
    // Loads the library, calls its entry symbol and checks the handshake. Throws LoadError.
    static std::shared_ptr<PluginLibrary> load(const std::filesystem::path& file);

    const PluginDesc& desc() const { return desc_; }
    const std::filesystem::path& file() const { return file_; }
    const dtop_plugin_api& api() const { return *api_; }

private:
    PluginLibrary() = default;
    boost::dll::shared_library lib_;
    const dtop_plugin_api* api_ = nullptr;
    PluginDesc desc_;
    std::filesystem::path file_;
};

// Checks a plugin's api table against this host's ABI, and whether the plugin refused this host (its
// side of the handshake, or a describe() that threw); returns "" if compatible, else why not.
std::string check_handshake(const dtop_plugin_api* api);
// Copies the descriptors out of an api table that passed check_handshake.
PluginDesc read_desc(const dtop_plugin_api& api);

using LogFn = std::function<void(int level, const std::string& message)>;

// One live plugin object. Every call either succeeds or throws PluginError with the plugin's message;
// what each dtop_status means is in dtop_abi.h. After DTOP_FATAL (PluginError::fatal) the instance is
// broken(): it is only destroyed. finish() is called on the plugin only after a successful init().
class Instance {
public:
    Instance(std::shared_ptr<PluginLibrary> lib, LogFn log);
    ~Instance();
    Instance(const Instance&) = delete;
    Instance& operator=(const Instance&) = delete;

    const PluginDesc& desc() const { return lib_->desc(); }
    void set_param(std::size_t index, const Value& v);
    // The clock this instance will step with (dtop_host.has_clock, ABI 1.1): before configure(), so
    // that the plugin's configure() can check parameters against it.
    void set_clock(double t_start, double step, double t_stop);
    void configure();
    void set_input(std::size_t port, const Value& v);
    Value get_output(std::size_t port);
    void run();
    // DTOP_OK, or DTOP_END_OF_DATA: a source without any data (the co-simulation ends before step 0).
    dtop_status init(double t_start, double step, double t_stop);
    // The hot path: returns the plugin's status (DTOP_OK, DTOP_END_OF_DATA, DTOP_ERROR or DTOP_FATAL;
    // an unknown value comes back as DTOP_FATAL); unless OK or END_OF_DATA, error() has the message.
    dtop_status step(double t, double h, const double* in, double* out) {
        const dtop_status s = api_->step(inst_, t, h, in, out);
        return s == DTOP_OK ? s : after_step(s);
    }
    // failed: the co-simulation was stopped by an error, so the plugin discards what it would publish.
    // Does nothing unless init() succeeded and the instance is not broken (dtop_finish_fn's rule).
    void finish(bool failed);
    // The folder the plugin may write its own files to (dtop_host.output_dir).
    void set_output_dir(const std::string& dir);
    PluginError error(const std::string& during) const;
    // The plugin returned DTOP_FATAL (or an unknown status): call nothing but the destructor.
    bool broken() const { return broken_; }

private:
    void check(dtop_status status, const char* during, bool may_end = false);
    dtop_status after_step(dtop_status s);
    std::shared_ptr<PluginLibrary> lib_;
    const dtop_plugin_api* api_;
    std::unique_ptr<LogFn> log_;  // heap: its address is the host callback's context
    dtop_host host_{};
    std::string output_dir_;
    dtop_instance* inst_ = nullptr;
    bool initialised_ = false;  // init() succeeded: finish() is due
    bool broken_ = false;
};

}  // namespace dtop
