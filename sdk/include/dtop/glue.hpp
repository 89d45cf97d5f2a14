// dtop C++ plugin layer: the glue. Generates, for one plugin class, the C functions and the api table
// of dtop_abi.h, and exports them with DTOP_PLUGIN(Class). Every exception is caught here and becomes
// the instance's error message; no STL type crosses the boundary. It also does the plugin's side of
// the version handshake: it refuses a host of another major version, or of an older minor than the
// plugin needs (Spec::needs_host_minor), with a message the host shows.
#pragma once

#include <dtop/dtop_abi.h>
#include <dtop/node.hpp>
#include <dtop/ports.hpp>
#include <dtop/spec.hpp>
#include <dtop/values.hpp>

#include <atomic>
#include <cstddef>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace dtop {

namespace detail {

template <class T, class = void>
struct has_describe : std::false_type {};
template <class T>
struct has_describe<T, std::void_t<decltype(T::describe(std::declval<Spec<T>&>()))>> : std::true_type {};

// Whether T can be a plugin class; each failing condition stops compilation with a message that says
// what to write, and only the first one fires (no cascade of template errors after it).
template <class T>
constexpr bool check_plugin_class() {
    if constexpr (!std::is_class_v<T>) {
        static_assert(std::is_class_v<T>, "DTOP_PLUGIN(T): T must be the plugin's class (struct T : dtop::Node {...})");
        return false;
    } else if constexpr (!std::is_base_of_v<Node, T>) {
        static_assert(std::is_base_of_v<Node, T>,
                      "DTOP_PLUGIN(T): T must derive from dtop::Node: write `struct T : dtop::Node { ... };`");
        return false;
    } else if constexpr (!std::is_convertible_v<T*, Node*>) {
        static_assert(std::is_convertible_v<T*, Node*>,
                      "DTOP_PLUGIN(T): T must derive PUBLICLY from dtop::Node (`struct T : dtop::Node` or "
                      "`class T : public dtop::Node`)");
        return false;
    } else if constexpr (std::is_abstract_v<T>) {
        static_assert(!std::is_abstract_v<T>, "DTOP_PLUGIN(T): T is abstract; dtop must be able to create it with T()");
        return false;
    } else if constexpr (!std::is_default_constructible_v<T>) {
        static_assert(std::is_default_constructible_v<T>,
                      "DTOP_PLUGIN(T): T must be default-constructible: dtop creates it with T(), then sets its "
                      "parameters (give members default values instead of constructor arguments)");
        return false;
    } else if constexpr (!has_describe<T>::value) {
        static_assert(has_describe<T>::value,
                      "DTOP_PLUGIN(T): T needs `static void describe(dtop::Spec<T>& s)` that declares its name, "
                      "parameters and ports");
        return false;
    } else if constexpr (std::is_same_v<decltype(&T::run), void (Node::*)()> &&
                         std::is_same_v<decltype(&T::step), void (Node::*)(double, double)>) {
        static_assert(!std::is_same_v<decltype(&T::run), void (Node::*)()>,
                      "DTOP_PLUGIN(T): T overrides neither run() (a batch plugin) nor step(double t, double step) "
                      "(a stepped plugin); check their signatures, and mark them `override`");
        return false;
    } else {
        return true;
    }
}

template <class T>
struct Glue {
    static constexpr bool can_run = !std::is_same_v<decltype(&T::run), void (Node::*)()>;
    static constexpr bool can_step = !std::is_same_v<decltype(&T::step), void (Node::*)(double, double)>;

    // The minor ABI version of the host that called the entry function: a 1.0 host knows no DTOP_FATAL.
    static inline std::atomic<unsigned> host_minor{DTOP_API_VERSION_MINOR};

    // Built in place once per library (not returned by value: T need not be copyable or movable).
    static Spec<T>& spec() {
        static const std::unique_ptr<Spec<T>> s = [] {
            auto built = std::make_unique<Spec<T>>();
            T::describe(*built);
            built->finalize((can_run ? DTOP_CAN_RUN : 0u) | (can_step ? DTOP_CAN_STEP : 0u));
            return built;
        }();
        return *s;
    }

    static T* self(dtop_instance* inst) { return static_cast<T*>(reinterpret_cast<Node*>(inst)); }

    // The parameter a ParamError names, if declared; else "" and the message says it is a plugin bug.
    static std::string declared_param(const ParamError& e, std::string& message) {
        std::string names;
        for (const auto& p : spec().params()) {
            if (e.param == p.desc.name) return e.param;
            names += (names.empty() ? "" : ", ") + std::string(p.desc.name);
        }
        message += " (bug in the plugin: its ParamError names '" + e.param + "', which is not one of its parameters: " +
                   (names.empty() ? std::string("it has none") : names) + ")";
        return "";
    }

    // Runs f, turning any exception into the instance's error message and status.
    // Only init and step report end_of_data() (may_end); every other call then still returns DTOP_OK.
    template <class F>
    static dtop_status guard(dtop_instance* inst, F&& f, bool may_end = false) {
        T* obj = self(inst);
        obj->error_.clear();
        obj->error_param_.clear();
        dtop_status failed = DTOP_ERROR;
        try {
            f(*obj);
            if (may_end && obj->end_of_data_) return DTOP_END_OF_DATA;
            return DTOP_OK;
        } catch (const ParamError& e) {
            obj->error_ = e.what();
            obj->error_param_ = declared_param(e, obj->error_);
        } catch (const FatalError& e) {
            obj->error_ = e.what();
            // A 1.0 host knows no DTOP_FATAL (it would take it for success): it gets DTOP_ERROR.
            if (host_minor >= 1) failed = DTOP_FATAL;
        } catch (const std::exception& e) {
            obj->error_ = e.what();
        } catch (...) {
            obj->error_ = "unknown exception (not derived from std::exception)";
        }
        if (obj->error_.empty()) obj->error_ = "error without a message";
        return failed;
    }

    static dtop_instance* create(const dtop_host* host) {
        try {
            T* obj = new T();
            obj->host_ = host;
            // Name the scalar stepped outputs' single channel after the port.
            const auto& ports = spec().ports();
            for (const auto& p : ports) {
                if (auto* so = dynamic_cast<StepOut<double>*>(p.access(*obj))) {
                    so->name_ = p.desc.name;
                    so->unit_ = p.desc.unit;
                }
            }
            return reinterpret_cast<dtop_instance*>(static_cast<Node*>(obj));
        } catch (...) {
            return nullptr;
        }
    }
    static void destroy(dtop_instance* inst) { delete self(inst); }
    static const char* last_error(dtop_instance* inst) { return self(inst)->error_.c_str(); }
    static const char* error_param(dtop_instance* inst) {
        const auto& p = self(inst)->error_param_;
        return p.empty() ? nullptr : p.c_str();
    }
    // The fields of dtop_value in ABI 1.0: what any sender provides, whatever its minor version.
    static constexpr std::size_t kValueSize10 = offsetof(dtop_value, unit) + sizeof(const char*);

    static void check_value(const dtop_value* v) {
        if (!v || v->struct_size < kValueSize10)
            throw std::runtime_error("the host sent a value smaller than ABI 1.0's dtop_value");
    }
    // Copies an outgoing value into the receiver's struct, no further than the receiver's size.
    static void write_value(const dtop_value& v, dtop_value* out) {
        if (!out) throw std::runtime_error("get_output: the host passed no value to fill");
        const std::size_t room = out->struct_size;
        if (room < kValueSize10) throw std::runtime_error("the host's dtop_value is smaller than ABI 1.0's");
        const std::size_t n = room < sizeof(dtop_value) ? room : sizeof(dtop_value);
        std::memcpy(static_cast<void*>(out), &v, n);
        out->struct_size = static_cast<uint32_t>(n);
    }

    static dtop_status set_param(dtop_instance* inst, uint32_t i, const dtop_value* v) {
        return guard(inst, [&](T& obj) {
            check_value(v);
            const auto& params = spec().params();
            if (i >= params.size())
                throw std::runtime_error("no parameter number " + std::to_string(i) + " (the plugin has " +
                                         std::to_string(params.size()) + ")");
            try {
                params[i].set(obj, *v);
            } catch (const std::exception& e) {
                throw ParamError(params[i].desc.name, e.what());
            }
        });
    }
    static dtop_status configure(dtop_instance* inst) {
        return guard(inst, [](T& obj) { obj.configure(); });
    }
    // The port with index i and its descriptor; an index out of range is an error, never a read.
    static PortBase* port(T& obj, uint32_t i, const dtop_port_desc** desc = nullptr) {
        const auto& ports = spec().ports();
        if (i >= ports.size())
            throw std::runtime_error("no port number " + std::to_string(i) + " (the plugin has " +
                                     std::to_string(ports.size()) + ")");
        if (desc) *desc = &ports[i].desc;
        return ports[i].access(obj);
    }
    static dtop_status set_input(dtop_instance* inst, uint32_t i, const dtop_value* v) {
        return guard(inst, [&](T& obj) {
            check_value(v);
            const dtop_port_desc* d = nullptr;
            PortBase* p = port(obj, i, &d);
            if (!(d->flags & DTOP_PORT_INPUT)) throw std::runtime_error(std::string("port '") + d->name + "' is an output");
            p->connected_ = true;
            if (v->kind == DTOP_KIND_PENDING) return;  // announced before configure; the value comes later
            p->set(*v);
            if (d->flags & DTOP_PORT_STEPPED) obj.connected_ = false;
        });
    }
    static dtop_status get_output(dtop_instance* inst, uint32_t i, dtop_value* out) {
        return guard(inst, [&](T& obj) {
            const dtop_port_desc* d = nullptr;
            PortBase* p = port(obj, i, &d);
            if (d->flags & DTOP_PORT_INPUT) throw std::runtime_error(std::string("port '") + d->name + "' is an input");
            // A stepped output's channels may depend on the inputs' (known once set_input ran).
            if ((d->flags & DTOP_PORT_STEPPED) && !obj.connected_) {
                obj.connect();
                obj.connected_ = true;
            }
            write_value(p->emit(obj.scratch_), out);
        });
    }
    static dtop_status run(dtop_instance* inst) {
        return guard(inst, [](T& obj) { obj.run(); });
    }
    static dtop_status init(dtop_instance* inst, double t0, double dt, double t1) {
        return guard(inst, [&](T& obj) {
            if (!obj.connected_) {
                obj.connect();
                obj.connected_ = true;
            }
            obj.step_in_.clear();
            obj.step_out_.clear();
            obj.step_in_offset_.clear();
            obj.step_out_offset_.clear();
            std::size_t in_off = 0, out_off = 0;
            for (const auto& p : spec().ports()) {
                if (!(p.desc.flags & DTOP_PORT_STEPPED)) continue;
                PortBase* b = p.access(obj);
                if (p.desc.flags & DTOP_PORT_INPUT) {
                    obj.step_in_.push_back(b);
                    obj.step_in_offset_.push_back(in_off);
                    in_off += b->width();
                } else {
                    obj.step_out_.push_back(b);
                    obj.step_out_offset_.push_back(out_off);
                    out_off += b->width();
                }
            }
            std::vector<uint32_t> widths;
            for (const PortBase* b : obj.step_out_) widths.push_back(b->width());
            obj.init(t0, dt, t1);
            // The host sized its buffers from the channels it was told before init.
            for (std::size_t k = 0; k < widths.size(); ++k)
                if (obj.step_out_[k]->width() != widths[k])
                    throw std::runtime_error("a stepped output changed its number of channels in init(); set "
                                             "channels in configure() or connect()");
        }, true);
    }
    static dtop_status step(dtop_instance* inst, double t, double dt, const double* in, double* out) {
        T* obj = self(inst);
        // The fast path: no allocation, no exception unless the plugin throws one.
        try {
            for (std::size_t k = 0; k < obj->step_in_.size(); ++k) obj->step_in_[k]->read(in + obj->step_in_offset_[k]);
            obj->step(t, dt);
            for (std::size_t k = 0; k < obj->step_out_.size(); ++k)
                obj->step_out_[k]->write(out + obj->step_out_offset_[k]);
            return obj->end_of_data_ ? DTOP_END_OF_DATA : DTOP_OK;
        } catch (...) {
            return guard(inst, [](T&) { throw; });
        }
    }
    static dtop_status finish(dtop_instance* inst, dtop_status outcome) {
        return guard(inst, [outcome](T& obj) {
            obj.aborted_ = outcome != DTOP_OK;
            obj.finish();
        });
    }

    static const dtop_plugin_api& table() {
        static const dtop_plugin_api api = [] {
            dtop_plugin_api a = header();
            a.info = spec().info();
            a.create = &create;
            a.destroy = &destroy;
            a.last_error = &last_error;
            a.error_param = &error_param;
            a.set_param = &set_param;
            a.configure = &configure;
            a.set_input = &set_input;
            a.get_output = &get_output;
            a.run = can_run ? &run : nullptr;
            a.init = can_step ? &init : nullptr;
            a.step = can_step ? &step : nullptr;
            a.finish = can_step ? &finish : nullptr;
            return a;
        }();
        return api;
    }
    // The versions and struct sizes of the handshake, and nothing else.
    static dtop_plugin_api header() {
        dtop_plugin_api a{};
        a.struct_size = sizeof(dtop_plugin_api);
        a.api_major = DTOP_API_VERSION_MAJOR;
        a.api_minor = DTOP_API_VERSION_MINOR;
        a.value_size = sizeof(dtop_value);
        a.value_align = alignof(dtop_value);
        a.param_desc_size = sizeof(dtop_param_desc);
        a.param_desc_align = alignof(dtop_param_desc);
        a.port_desc_size = sizeof(dtop_port_desc);
        a.port_desc_align = alignof(dtop_port_desc);
        a.info_size = sizeof(dtop_plugin_info);
        a.host_size = sizeof(dtop_host);
        return a;
    }
    // A table that only says why the plugin cannot serve this host (dtop_plugin_api.refusal).
    static const dtop_plugin_api* refusing(const std::string& why) {
        static std::mutex mutex;
        static std::string text;
        static dtop_plugin_api a = header();
        std::lock_guard lock(mutex);
        text = why;
        a.refusal = text.c_str();
        return &a;
    }
    static std::string version_text(unsigned major, unsigned minor) {
        return std::to_string(major) + "." + std::to_string(minor);
    }

    // The two-way handshake, the plugin's side: "" if it serves a host of this version, else why not.
    static std::string host_problem(unsigned major, unsigned minor, unsigned needed_minor) {
        const std::string mine = version_text(DTOP_API_VERSION_MAJOR, DTOP_API_VERSION_MINOR);
        if (major != DTOP_API_VERSION_MAJOR)
            return "the plugin was built for plugin API " + mine + " and cannot serve a dtop of plugin API " +
                   version_text(major, minor) + " (major versions must match: rebuild the plugin against that dtop's SDK)";
        if (minor < needed_minor)
            return "the plugin needs a dtop of plugin API " + version_text(major, needed_minor) +
                   " or later, this dtop speaks plugin API " + version_text(major, minor) + ": update dtop";
        return "";
    }

    static const dtop_plugin_api* entry(uint16_t major, uint16_t minor) {
        std::string why;
        try {
            const dtop_plugin_api& usable = table();
            why = host_problem(major, minor, spec().needed_minor());
            if (why.empty()) {
                host_minor = minor;
                return &usable;
            }
        } catch (const std::exception& e) {
            why = std::string("its describe() failed: ") + e.what();
        } catch (...) {
            why = "its describe() threw an exception not derived from std::exception";
        }
        // A host of our major but minor 0 does not read `refusal`: it can only be told NULL.
        try {
            if (major == DTOP_API_VERSION_MAJOR && minor < 1) return nullptr;
            return refusing(why);
        } catch (...) {
            return nullptr;
        }
    }
};

// What DTOP_PLUGIN(T) calls: the checks above first, so a wrong T gets one message that teaches.
template <class T>
const dtop_plugin_api* entry_for(uint16_t host_major, uint16_t host_minor) {
    if constexpr (check_plugin_class<T>())
        return Glue<T>::entry(host_major, host_minor);
    else
        return nullptr;
}

}  // namespace detail
}  // namespace dtop

// Exports the plugin class T: the only symbol the library makes visible.
#define DTOP_PLUGIN(T)                                                                            \
    extern "C" DTOP_EXPORT const dtop_plugin_api* dtop_plugin_entry(uint16_t host_major,           \
                                                                    uint16_t host_minor) {         \
        return ::dtop::detail::entry_for<T>(host_major, host_minor);                               \
    }
