#include "plugin_library.hpp"

#include "elf_check.hpp"

#include <cmath>
#include <cstddef>

namespace dtop {

namespace {

// Sizes of the exchanged structs in the first release of ABI major 1. Later minors only append
// fields, so a plugin of major 1 reports at least these; the host reads only these fields.
constexpr std::size_t end_of(std::size_t offset, std::size_t size) { return offset + size; }
constexpr std::size_t kApiSize10 = end_of(offsetof(dtop_plugin_api, finish), sizeof(void*));
constexpr std::size_t kValueSize10 = end_of(offsetof(dtop_value, unit), sizeof(void*));
constexpr std::size_t kParamSize10 = end_of(offsetof(dtop_param_desc, doc), sizeof(void*));
constexpr std::size_t kPortSize10 = end_of(offsetof(dtop_port_desc, doc), sizeof(void*));
constexpr std::size_t kInfoSize10 = end_of(offsetof(dtop_plugin_info, ports), sizeof(void*));
constexpr std::size_t kHostSize10 = end_of(offsetof(dtop_host, output_dir), sizeof(void*));
// Appended in 1.1: read only when the plugin's struct_size covers it (a 1.0 plugin's does not).
constexpr std::size_t kApiSizeRefusal = end_of(offsetof(dtop_plugin_api, refusal), sizeof(void*));

std::string version_text(unsigned major, unsigned minor) {
    return std::to_string(major) + "." + std::to_string(minor);
}

std::string str(const char* s) { return s ? std::string(s) : std::string(); }

void host_log(void* context, int level, const char* message) {
    auto* fn = static_cast<LogFn*>(context);
    if (fn && *fn) (*fn)(level, message ? message : "");
}

}  // namespace

std::string check_handshake(const dtop_plugin_api* api) {
    if (!api) return "its entry function returned no API table (its describe() may have thrown)";
    if (api->api_major != DTOP_API_VERSION_MAJOR)
        return "it was built for plugin API " + version_text(api->api_major, api->api_minor) +
               ", this dtop speaks plugin API " + version_text(DTOP_API_VERSION_MAJOR, DTOP_API_VERSION_MINOR) +
               " (major versions must match: rebuild the plugin against a dtop " +
               std::to_string(DTOP_API_VERSION_MAJOR) + ".x SDK)";
    // The plugin's side of the handshake (ABI 1.1): it refuses this host, or could not describe itself.
    if (api->struct_size >= kApiSizeRefusal && api->refusal)
        return std::string("the plugin (plugin API ") + version_text(api->api_major, api->api_minor) +
               ") says: " + api->refusal;
    struct Check {
        const char* what;
        std::size_t reported, minimum, reported_align, align;
    };
    const Check checks[] = {
        // The api table and info are read in place and never put in arrays: their alignment is not in
        // the handshake (it is that of their pointer members on any ABI with the same pointer size).
        {"dtop_plugin_api", api->struct_size, kApiSize10, alignof(dtop_plugin_api), alignof(dtop_plugin_api)},
        {"dtop_value", api->value_size, kValueSize10, api->value_align, alignof(dtop_value)},
        {"dtop_param_desc", api->param_desc_size, kParamSize10, api->param_desc_align, alignof(dtop_param_desc)},
        {"dtop_port_desc", api->port_desc_size, kPortSize10, api->port_desc_align, alignof(dtop_port_desc)},
        {"dtop_plugin_info", api->info_size, kInfoSize10, alignof(dtop_plugin_info), alignof(dtop_plugin_info)},
        {"dtop_host", api->host_size, kHostSize10, alignof(dtop_host), alignof(dtop_host)},
    };
    for (const auto& c : checks) {
        if (c.reported < c.minimum)
            return std::string("its ") + c.what + " is " + std::to_string(c.reported) +
                   " bytes, plugin API " + std::to_string(DTOP_API_VERSION_MAJOR) + " needs at least " +
                   std::to_string(c.minimum) + " (built with a different compiler or struct packing?)";
        if (c.reported_align != c.align)
            return std::string("its ") + c.what + " has alignment " + std::to_string(c.reported_align) +
                   ", this dtop expects " + std::to_string(c.align);
    }
    if (!api->info || !api->info->name || !*api->info->name) return "it does not give its name";
    const auto* info = api->info;
    if (!api->create || !api->destroy || !api->last_error || !api->set_param || !api->configure ||
        !api->set_input || !api->get_output)
        return "its API table lacks a required function";
    if ((info->capabilities & DTOP_CAN_RUN) && !api->run) return "it says it can run but has no run()";
    if ((info->capabilities & DTOP_CAN_STEP) && (!api->init || !api->step || !api->finish))
        return "it says it can step but lacks init(), step() or finish()";
    if (!(info->capabilities & (DTOP_CAN_RUN | DTOP_CAN_STEP))) return "it can neither run nor step";
    if (info->n_params && !info->params) return "it declares parameters but gives no table of them";
    if (info->n_ports && !info->ports) return "it declares ports but gives no table of them";
    return "";
}

PluginDesc read_desc(const dtop_plugin_api& api) {
    const dtop_plugin_info& info = *api.info;
    PluginDesc d;
    d.name = str(info.name);
    d.version = str(info.version);
    d.summary = str(info.summary);
    d.doc = str(info.doc);
    d.capabilities = info.capabilities;
    d.api_major = api.api_major;
    d.api_minor = api.api_minor;
    // Walk the arrays with the plugin's stride: a newer minor may have appended fields.
    const auto* params = reinterpret_cast<const unsigned char*>(info.params);
    for (uint32_t i = 0; i < info.n_params; ++i) {
        const auto& pd = *reinterpret_cast<const dtop_param_desc*>(params + std::size_t(i) * api.param_desc_size);
        ParamDesc p;
        p.name = str(pd.name);
        p.kind = static_cast<dtop_kind>(pd.kind);
        p.flags = pd.flags;
        if (pd.default_value && !(pd.flags & DTOP_PARAM_REQUIRED)) p.default_value = pd.default_value;
        if (!pd.default_value) p.flags |= DTOP_PARAM_REQUIRED;
        p.unit = str(pd.unit);
        p.min = pd.min;
        p.max = pd.max;
        const std::string choices = str(pd.choices);
        for (std::size_t start = 0; !choices.empty() && start <= choices.size();) {
            const auto bar = choices.find('|', start);
            p.choices.push_back(choices.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
            if (bar == std::string::npos) break;
            start = bar + 1;
        }
        p.doc = str(pd.doc);
        d.params.push_back(std::move(p));
    }
    const auto* ports = reinterpret_cast<const unsigned char*>(info.ports);
    for (uint32_t i = 0; i < info.n_ports; ++i) {
        const auto& pd = *reinterpret_cast<const dtop_port_desc*>(ports + std::size_t(i) * api.port_desc_size);
        PortDesc p;
        p.name = str(pd.name);
        p.kind = static_cast<dtop_kind>(pd.kind);
        p.flags = pd.flags;
        p.unit = str(pd.unit);
        p.width = pd.width;
        p.doc = str(pd.doc);
        d.ports.push_back(std::move(p));
    }
    return d;
}

std::shared_ptr<PluginLibrary> PluginLibrary::load(const std::filesystem::path& file) {
    std::shared_ptr<PluginLibrary> lib(new PluginLibrary());
    lib->file_ = file;
    const std::string where = file.string() + ": ";
    // Before the loader maps it: a truncated file would otherwise end the process with SIGBUS.
    if (const std::string why = elf_library_problem(file); !why.empty())
        throw LoadError(where + "cannot be loaded: " + why);
    try {
        // rtld_now: unresolved symbols fail here, with the loader's message, not at a later call.
        lib->lib_.load(boost::dll::fs::path(file.string()),
                       boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    } catch (const std::exception& e) {
        throw LoadError(where + "cannot be loaded: " + e.what());
    }
    if (!lib->lib_.has(DTOP_ENTRY_SYMBOL))
        throw LoadError(where + "not a dtop plugin: it does not export the entry symbol '" +
                        std::string(DTOP_ENTRY_SYMBOL) + "' (declare the plugin with DTOP_PLUGIN(Class))");
    auto* entry = &lib->lib_.get<dtop_entry_fn>(DTOP_ENTRY_SYMBOL);
    lib->api_ = entry(DTOP_API_VERSION_MAJOR, DTOP_API_VERSION_MINOR);
    if (const std::string why = check_handshake(lib->api_); !why.empty())
        throw LoadError(where + "refused: " + why);
    lib->desc_ = read_desc(*lib->api_);
    if (const std::string why = description_problems(lib->desc_); !why.empty())
        throw LoadError(where + "refused: plugin '" + lib->desc_.name + "': " + why);
    return lib;
}

Instance::Instance(std::shared_ptr<PluginLibrary> lib, LogFn log)
    : lib_(std::move(lib)), api_(&lib_->api()), log_(std::make_unique<LogFn>(std::move(log))) {
    host_.struct_size = sizeof(dtop_host);
    host_.context = log_.get();
    host_.log = &host_log;
    host_.output_dir = nullptr;
    host_.has_clock = 0;
    inst_ = api_->create(&host_);
    if (!inst_)
        throw PluginError("plugin '" + lib_->desc().name + "' could not create an instance (" +
                          lib_->file().string() + ")", "");
}

Instance::~Instance() {
    if (inst_) api_->destroy(inst_);
}

PluginError Instance::error(const std::string& during) const {
    std::string message = str(api_->last_error(inst_));
    if (message.empty()) message = during + " failed without a message";
    std::string param = str(api_->error_param ? api_->error_param(inst_) : nullptr);
    // error_param must name a declared parameter (dtop_abi.h): any other name is the plugin's bug.
    if (!param.empty() && lib_->desc().param_index(param) < 0) {
        message += " (bug in plugin '" + lib_->desc().name + "': the error names '" + param +
                   "', which is not one of its parameters)";
        param.clear();
    }
    return PluginError(message, param, broken_);
}

void Instance::check(dtop_status status, const char* during, bool may_end) {
    if (status == DTOP_OK || (may_end && status == DTOP_END_OF_DATA)) return;
    if (status == DTOP_ERROR) throw error(during);
    if (status == DTOP_END_OF_DATA)
        throw PluginError("plugin '" + lib_->desc().name + "' returned end-of-data from " + during +
                          ", which only init and step may return", "");
    broken_ = true;
    if (status == DTOP_FATAL) throw error(during);
    throw PluginError("plugin '" + lib_->desc().name + "' returned an unknown status " + std::to_string(status) +
                      " from " + during + " (not a dtop_status of plugin API " + std::to_string(DTOP_API_VERSION_MAJOR) +
                      ".x); the instance is no longer used", "", true);
}

dtop_status Instance::after_step(dtop_status s) {
    if (s == DTOP_END_OF_DATA || s == DTOP_ERROR) return s;
    broken_ = true;  // DTOP_FATAL, or a value no ABI 1.x defines: treated as fatal
    return DTOP_FATAL;
}

void Instance::set_param(std::size_t index, const Value& v) {
    ValueView view(v);
    check(api_->set_param(inst_, static_cast<uint32_t>(index), view.get()), "set_param");
}

void Instance::set_clock(double t_start, double step, double t_stop) {
    host_.has_clock = 1;
    host_.clock_start = t_start;
    host_.clock_step = step;
    host_.clock_stop = t_stop;
}

void Instance::set_output_dir(const std::string& dir) {
    output_dir_ = dir;
    host_.output_dir = output_dir_.c_str();
}

void Instance::configure() { check(api_->configure(inst_), "configure"); }

void Instance::set_input(std::size_t port, const Value& v) {
    ValueView view(v);
    check(api_->set_input(inst_, static_cast<uint32_t>(port), view.get()), "set_input");
}

Value Instance::get_output(std::size_t port) {
    // Checked here too, not only by the plugin: a C plugin may index its table without looking.
    const auto& ports = lib_->desc().ports;
    if (port >= ports.size() || ports[port].is_input())
        throw PluginError("get_output: plugin '" + lib_->desc().name + "' has no output port number " +
                          std::to_string(port) + " (it has " + std::to_string(ports.size()) + " ports)", "");
    dtop_value out{};
    out.struct_size = sizeof(dtop_value);  // the plugin writes no more than this (see dtop_abi.h)
    check(api_->get_output(inst_, static_cast<uint32_t>(port), &out), "get_output");
    try {
        return Value::copy_from(out);
    } catch (const std::exception& e) {
        throw PluginError(std::string("returned a malformed value: ") + e.what(), "");
    }
}

void Instance::run() { check(api_->run(inst_), "run"); }

dtop_status Instance::init(double t_start, double step, double t_stop) {
    const dtop_status s = api_->init(inst_, t_start, step, t_stop);
    check(s, "init", true);
    initialised_ = true;
    return s;
}

void Instance::finish(bool failed) {
    if (!initialised_ || broken_) return;
    initialised_ = false;
    check(api_->finish(inst_, failed ? DTOP_ERROR : DTOP_OK), "finish");
}

}  // namespace dtop
