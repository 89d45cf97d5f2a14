// dtop C++ plugin layer: write an ordinary class, declare its parameters and ports, export it with
// one macro. This header turns it into the C ABI of dtop_abi.h: every exception is caught at the
// boundary and becomes an error message, and no STL type crosses it.
//
//   #include <dtop/plugin.hpp>
//
//   struct Gain : dtop::Node {
//       double k = 2.0;                 // the default shown by `dtop describe`
//       dtop::StepIn<double> u;
//       dtop::StepOut<double> y;
//
//       static void describe(dtop::Spec<Gain>& s) {
//           s.name("gain").version("1.0.0").summary("y = k u at every step");
//           s.param("k", &Gain::k).doc("gain").range(-1e6, 1e6);
//           s.input("u", &Gain::u).doc("signal in");
//           s.output("y", &Gain::y).doc("signal out");
//       }
//       void step(double, double) override { y = k * u; }
//   };
//   DTOP_PLUGIN(Gain)
//
// A class that overrides run() is a batch plugin; one that overrides step() is a stepped plugin;
// it may do both. See sdk/README.md for the full guide.
#pragma once

#include <dtop/dtop_abi.h>
#include <dtop/values.hpp>

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstring>
#include <cmath>
#include <deque>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace dtop {

// ---------------------------------------------------------------------------------------------
// Ports. Batch ports (In, Out) carry one value per run; stepped ports (StepIn, StepOut) carry doubles
// every communication step.

namespace detail {
template <class T>
struct Glue;

struct PortBase {
    virtual ~PortBase() = default;
    virtual void set(const dtop_value&) {}                 // batch input, or a stepped input's header
    // Named emit, not get: the ports' public get() must not hide it (-Woverloaded-virtual).
    virtual dtop_value emit(Scratch&) const { return blank(DTOP_KIND_REAL); }  // output or header
    virtual void read(const double*) {}                    // stepped input, every step
    virtual void write(double*) const {}                   // stepped output, every step
    virtual uint32_t width() const { return 0; }
    // Whether the scenario wires this input (known from configure() on).
    bool is_connected() const { return connected; }
    bool connected = false;
};
}  // namespace detail

// A batch input: a value the host hands over before run().
template <class T>
class In : public detail::PortBase {
public:
    const T& operator*() const { return value_; }
    const T* operator->() const { return &value_; }
    const T& get() const { return value_; }
    void set(const dtop_value& v) override { value_ = ValueTraits<T>::from(v); }

private:
    T value_{};
};

// A batch output: assign it in run() (or configure/finish); the host reads it afterwards.
template <class T>
class Out : public detail::PortBase {
public:
    Out& operator=(T v) {
        value_ = std::move(v);
        produced_ = true;
        return *this;
    }
    const T& get() const { return value_; }
    bool produced() const { return produced_; }
    dtop_value emit(detail::Scratch& s) const override {
        if (!produced_) throw std::runtime_error("the plugin did not produce this output");
        return ValueTraits<T>::to(value_, s);
    }

private:
    T value_{};
    bool produced_ = false;
};

template <class T>
class StepIn;
template <class T>
class StepOut;

// A stepped scalar input. Reads as a double.
template <>
class StepIn<double> : public detail::PortBase {
public:
    operator double() const { return value_; }  // NOLINT: reads like the signal it is
    double get() const { return value_; }
    void read(const double* in) override { value_ = *in; }
    uint32_t width() const override { return 1; }
    // The unit of the connected source's channel (known from connect() on).
    const std::string& unit() const { return source_unit_; }

private:
    void set(const dtop_value& header) override {
        if (header.units && header.cols > 1 && header.units[1]) source_unit_ = header.units[1];
    }
    double value_ = 0.0;
    std::string source_unit_;
};

// A stepped vector input: as many channels as its source provides.
template <>
class StepIn<Eigen::VectorXd> : public detail::PortBase {
public:
    const Eigen::VectorXd& get() const { return value_; }
    double operator[](Eigen::Index i) const { return value_[i]; }
    Eigen::Index size() const { return value_.size(); }
    const std::vector<std::string>& names() const { return names_; }
    const std::vector<std::string>& units() const { return units_; }
    void read(const double* in) override {
        std::copy(in, in + value_.size(), value_.data());
    }
    uint32_t width() const override { return static_cast<uint32_t>(value_.size()); }
    void set(const dtop_value& header) override {
        std::vector<std::string> n, u;
        detail::read_labels(header, n, u);
        names_.assign(n.begin() + (n.empty() ? 0 : 1), n.end());
        units_.assign(u.begin() + (u.empty() ? 0 : 1), u.end());
        value_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(names_.size()));
    }

private:
    Eigen::VectorXd value_;
    std::vector<std::string> names_, units_;
};

// A stepped scalar output. Assign it in step().
template <>
class StepOut<double> : public detail::PortBase {
public:
    StepOut& operator=(double v) {
        value_ = v;
        return *this;
    }
    double get() const { return value_; }
    void write(double* out) const override { *out = value_; }
    uint32_t width() const override { return 1; }
    // Set by the spec: the header the host reads before init.
    // The channel's unit as the host sees it; defaults to the port's declared unit. A pass-through
    // plugin whose port unit is "*" sets it in connect(), e.g. y.set_unit(u.unit()).
    void set_unit(std::string unit) { unit_ = std::move(unit); }
    const std::string& unit() const { return unit_; }
    std::string name_, unit_;
    dtop_value emit(detail::Scratch& s) const override {
        s.clear();
        s.strings = {"t", "s", name_, unit_};
        auto v = detail::blank(DTOP_KIND_SERIES);
        v.cols = 2;
        detail::write_labels(s, v);
        return v;
    }

private:
    double value_ = 0.0;
};

// A stepped vector output. Give it its channels in configure(): set_channels(names, units).
template <>
class StepOut<Eigen::VectorXd> : public detail::PortBase {
public:
    void set_channels(std::vector<std::string> names, std::vector<std::string> units) {
        if (units.size() == 1 && names.size() > 1) units.assign(names.size(), units[0]);
        if (units.size() != names.size())
            throw std::runtime_error("set_channels: " + std::to_string(names.size()) + " names but " +
                                     std::to_string(units.size()) + " units");
        names_ = std::move(names);
        units_ = std::move(units);
        value = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(names_.size()));
    }
    Eigen::VectorXd value;  // write into it in step(); its size is fixed by set_channels
    void write(double* out) const override {
        // The host's buffer has exactly width() slots for this port: never write past them.
        if (value.size() != static_cast<Eigen::Index>(names_.size()))
            throw std::runtime_error("stepped output has " + std::to_string(names_.size()) +
                                     " channels but its value has " + std::to_string(value.size()) +
                                     " elements (resize it only through set_channels)");
        std::copy(value.data(), value.data() + value.size(), out);
    }
    uint32_t width() const override { return static_cast<uint32_t>(names_.size()); }
    dtop_value emit(detail::Scratch& s) const override {
        s.clear();
        s.strings = {"t", "s"};
        for (std::size_t i = 0; i < names_.size(); ++i) {
            s.strings.push_back(names_[i]);
            s.strings.push_back(units_[i]);
        }
        auto v = detail::blank(DTOP_KIND_SERIES);
        v.cols = names_.size() + 1;
        detail::write_labels(s, v);
        return v;
    }

private:
    std::vector<std::string> names_, units_;
};

// ---------------------------------------------------------------------------------------------
// The base class of every plugin.

class Node {
public:
    virtual ~Node() = default;
    // After all parameters are set: check them together (throw ParamError naming the parameter).
    // Inputs are not set yet, but is_connected() already tells which are wired.
    virtual void configure() {}
    // Stepped: the channels of the stepped inputs are known (names(), units(), size()); set the
    // channels of stepped outputs that depend on them. Called before the first step.
    virtual void connect() {}
    // Batch: compute outputs from inputs once.
    virtual void run() {}
    // Stepped: before the first step, at every communication step, after the last.
    virtual void init(double /*t_start*/, double /*step*/, double /*t_stop*/) {}
    virtual void step(double /*t*/, double /*step*/) {}
    virtual void finish() {}

protected:
    void log(const std::string& message, int level = 1) const {
        if (host_ && host_->log) host_->log(host_->context, level, message.c_str());
    }
    void warn(const std::string& message) const { log(message, 2); }
    // This node's own folder in the run's results (created on first use), for files the plugin writes
    // itself; dtop lists them in the run manifest. Throws outside a run (e.g. during `dtop validate`).
    std::filesystem::path output_dir() const {
        if (!host_ || !host_->output_dir || !*host_->output_dir)
            throw std::runtime_error("no results directory: files can only be written during a run");
        std::filesystem::path dir(host_->output_dir);
        std::filesystem::create_directories(dir);
        return dir;
    }
    // A stepped source calls this when it has no more data; the host ends the co-simulation.
    void end_of_data() { end_of_data_ = true; }
    // In finish(): true if the co-simulation was stopped by an error (in this node or another).
    // Then discard what you would publish (a half-written recording), but still release resources.
    bool aborted() const { return aborted_; }

private:
    template <class T>
    friend struct detail::Glue;
    const dtop_host* host_ = nullptr;
    std::string error_, error_param_;
    detail::Scratch scratch_;
    std::vector<detail::PortBase*> step_in_, step_out_;
    std::vector<std::size_t> step_in_offset_, step_out_offset_;
    bool end_of_data_ = false;
    bool connected_ = false;  // connect() ran since the last stepped input header arrived
    bool aborted_ = false;
};

// ---------------------------------------------------------------------------------------------
// Spec: what a plugin declares about itself in its static describe() function.

namespace detail {

inline std::string yaml_text(double v) {
    if (std::isnan(v)) return ".nan";
    if (std::isinf(v)) return v > 0 ? ".inf" : "-.inf";
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}
inline std::string yaml_text(int64_t v) { return std::to_string(v); }
inline std::string yaml_text(int v) { return std::to_string(v); }
inline std::string yaml_text(bool v) { return v ? "true" : "false"; }
inline std::string yaml_text(const std::string& v) {
    std::string q = "\"";
    for (char c : v) q += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    return q + "\"";
}
inline std::string yaml_text(const Path& v) { return yaml_text(v.value); }
inline std::string yaml_text(const std::vector<double>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + yaml_text(v[i]);
    return s + "]";
}

template <class T>
struct PortMeta {
    dtop_port_desc desc{};
    std::function<PortBase*(T&)> access;
};

template <class T>
struct ParamMeta {
    dtop_param_desc desc{};
    std::function<void(T&, const dtop_value&)> set;
};

}  // namespace detail

template <class T>
class Spec {
public:
    // Holds pointers into itself (descriptors -> its strings), so it is built in place, never copied.
    Spec() = default;
    Spec(const Spec&) = delete;
    Spec& operator=(const Spec&) = delete;

    // Chained setters for one parameter.
    class ParamRef {
    public:
        ParamRef& doc(const char* text) { return str(&dtop_param_desc::doc, text); }
        ParamRef& unit(const char* u) { return str(&dtop_param_desc::unit, u); }
        ParamRef& min(double v, bool exclusive = false) {
            d().min = v;
            if (exclusive) d().flags |= DTOP_PARAM_MIN_EXCLUSIVE;
            return *this;
        }
        ParamRef& max(double v, bool exclusive = false) {
            d().max = v;
            if (exclusive) d().flags |= DTOP_PARAM_MAX_EXCLUSIVE;
            return *this;
        }
        ParamRef& range(double lo, double hi) { return min(lo).max(hi); }
        ParamRef& positive() { return min(0.0, true); }
        ParamRef& choices(const char* bar_separated) { return str(&dtop_param_desc::choices, bar_separated); }
        ParamRef& required() {
            d().flags |= DTOP_PARAM_REQUIRED;
            d().default_value = nullptr;
            return *this;
        }
        ParamRef& must_exist() {
            d().flags |= DTOP_PARAM_MUST_EXIST;
            return *this;
        }

    private:
        friend class Spec;
        ParamRef(Spec* s, std::size_t i) : s_(s), i_(i) {}
        dtop_param_desc& d() { return s_->params_[i_].desc; }
        ParamRef& str(const char* dtop_param_desc::*field, const char* text) {
            d().*field = s_->keep(text);
            return *this;
        }
        Spec* s_;
        std::size_t i_;
    };

    // Chained setters for one port.
    class PortRef {
    public:
        PortRef& doc(const char* text) {
            d().doc = s_->keep(text);
            return *this;
        }
        // The unit of the value (of every channel for a series; "*" accepts any unit unconverted).
        PortRef& unit(const char* u) {
            d().unit = s_->keep(u);
            return *this;
        }
        PortRef& optional() {
            d().flags |= DTOP_PORT_OPTIONAL;
            return *this;
        }

    private:
        friend class Spec;
        PortRef(Spec* s, std::size_t i) : s_(s), i_(i) {}
        dtop_port_desc& d() { return s_->ports_[i_].desc; }
        Spec* s_;
        std::size_t i_;
    };

    Spec& name(const char* n) { return set_info(&dtop_plugin_info::name, n); }
    Spec& version(const char* v) { return set_info(&dtop_plugin_info::version, v); }
    Spec& summary(const char* s) { return set_info(&dtop_plugin_info::summary, s); }
    Spec& doc(const char* d) { return set_info(&dtop_plugin_info::doc, d); }

    template <class M>
    ParamRef param(const char* name, M T::*member) {
        static_assert(std::is_same_v<M, double> || std::is_same_v<M, int64_t> || std::is_same_v<M, int> ||
                          std::is_same_v<M, bool> || std::is_same_v<M, std::string> ||
                          std::is_same_v<M, Path> || std::is_same_v<M, std::vector<double>>,
                      "a parameter is a double, int, int64_t, bool, std::string, dtop::Path or "
                      "std::vector<double>");
        detail::ParamMeta<T> p;
        p.desc.name = keep(name);
        p.desc.kind = ValueTraits<M>::kind;
        p.desc.default_value = keep(detail::yaml_text(probe_.*member));
        p.desc.unit = "";
        p.desc.min = std::numeric_limits<double>::quiet_NaN();
        p.desc.max = std::numeric_limits<double>::quiet_NaN();
        p.desc.doc = "";
        p.set = [member](T& obj, const dtop_value& v) { obj.*member = ValueTraits<M>::from(v); };
        params_.push_back(std::move(p));
        return ParamRef(this, params_.size() - 1);
    }

    template <class V>
    PortRef input(const char* name, In<V> T::*member) {
        return add_port(name, ValueTraits<V>::kind, DTOP_PORT_INPUT, 0, member);
    }
    template <class V>
    PortRef output(const char* name, Out<V> T::*member) {
        return add_port(name, ValueTraits<V>::kind, 0, 0, member);
    }
    PortRef input(const char* name, StepIn<double> T::*member) {
        return add_port(name, DTOP_KIND_REAL, DTOP_PORT_INPUT | DTOP_PORT_STEPPED, 1, member);
    }
    PortRef input(const char* name, StepIn<Eigen::VectorXd> T::*member) {
        return add_port(name, DTOP_KIND_REAL_ARRAY, DTOP_PORT_INPUT | DTOP_PORT_STEPPED, 0, member);
    }
    PortRef output(const char* name, StepOut<double> T::*member) {
        auto ref = add_port(name, DTOP_KIND_REAL, DTOP_PORT_STEPPED, 1, member);
        return ref;
    }
    PortRef output(const char* name, StepOut<Eigen::VectorXd> T::*member) {
        return add_port(name, DTOP_KIND_REAL_ARRAY, DTOP_PORT_STEPPED, 0, member);
    }

    // Built once per plugin library (see Glue::entry).
    const std::vector<detail::ParamMeta<T>>& params() const { return params_; }
    const std::vector<detail::PortMeta<T>>& ports() const { return ports_; }

    void finalize(uint32_t capabilities) {
        for (auto& p : params_) param_descs_.push_back(p.desc);
        for (auto& p : ports_) port_descs_.push_back(p.desc);
        info_.capabilities = capabilities;
        info_.n_params = static_cast<uint32_t>(param_descs_.size());
        info_.params = param_descs_.data();
        info_.n_ports = static_cast<uint32_t>(port_descs_.size());
        info_.ports = port_descs_.data();
        if (!info_.name) throw std::runtime_error("describe() did not call name()");
        if (!info_.version) info_.version = "0.0.0";
        if (!info_.summary) info_.summary = "";
        if (!info_.doc) info_.doc = "";
    }
    const dtop_plugin_info* info() const { return &info_; }

private:
    const char* keep(const std::string& s) { return strings_.emplace_back(s).c_str(); }
    Spec& set_info(const char* dtop_plugin_info::*field, const char* text) {
        info_.*field = keep(text);
        return *this;
    }
    template <class P>
    PortRef add_port(const char* name, uint32_t kind, uint32_t flags, uint32_t width, P T::*member) {
        detail::PortMeta<T> p;
        p.desc.name = keep(name);
        p.desc.kind = kind;
        p.desc.flags = flags;
        p.desc.unit = "";
        p.desc.width = width;
        p.desc.doc = "";
        p.access = [member](T& obj) -> detail::PortBase* { return &(obj.*member); };
        ports_.push_back(std::move(p));
        return PortRef(this, ports_.size() - 1);
    }

    T probe_{};  // a default-constructed instance: its member values are the parameters' defaults
    std::deque<std::string> strings_;  // deque: c_str() pointers stay valid as it grows
    std::vector<detail::ParamMeta<T>> params_;
    std::vector<detail::PortMeta<T>> ports_;
    std::vector<dtop_param_desc> param_descs_;
    std::vector<dtop_port_desc> port_descs_;
    dtop_plugin_info info_{};
};

// ---------------------------------------------------------------------------------------------
// Glue: the C functions of the ABI, generated for one plugin class.

namespace detail {

template <class T>
struct Glue {
    static constexpr bool can_run = !std::is_same_v<decltype(&T::run), void (Node::*)()>;
    static constexpr bool can_step = !std::is_same_v<decltype(&T::step), void (Node::*)(double, double)>;

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

    // Runs f, turning any exception into the instance's error message.
    // Only init and step report end_of_data() (may_end); every other call then still returns DTOP_OK.
    template <class F>
    static int guard(dtop_instance* inst, F&& f, bool may_end = false) {
        T* obj = self(inst);
        obj->error_.clear();
        obj->error_param_.clear();
        try {
            f(*obj);
            if (may_end && obj->end_of_data_) return DTOP_END_OF_DATA;
            return DTOP_OK;
        } catch (const ParamError& e) {
            obj->error_ = e.what();
            obj->error_param_ = e.param;
        } catch (const std::exception& e) {
            obj->error_ = e.what();
        } catch (...) {
            obj->error_ = "unknown exception (not derived from std::exception)";
        }
        if (obj->error_.empty()) obj->error_ = "error without a message";
        return DTOP_ERROR;
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
        const std::size_t room = out->struct_size;
        if (room < kValueSize10) throw std::runtime_error("the host's dtop_value is smaller than ABI 1.0's");
        const std::size_t n = room < sizeof(dtop_value) ? room : sizeof(dtop_value);
        std::memcpy(static_cast<void*>(out), &v, n);
        out->struct_size = static_cast<uint32_t>(n);
    }

    static int set_param(dtop_instance* inst, uint32_t i, const dtop_value* v) {
        return guard(inst, [&](T& obj) {
            check_value(v);
            const auto& params = spec().params();
            if (i >= params.size()) throw std::runtime_error("no parameter number " + std::to_string(i));
            try {
                params[i].set(obj, *v);
            } catch (const std::exception& e) {
                throw ParamError(params[i].desc.name, e.what());
            }
        });
    }
    static int configure(dtop_instance* inst) {
        return guard(inst, [](T& obj) { obj.configure(); });
    }
    static PortBase* port(T& obj, uint32_t i) {
        const auto& ports = spec().ports();
        if (i >= ports.size()) throw std::runtime_error("no port number " + std::to_string(i));
        return ports[i].access(obj);
    }
    static int set_input(dtop_instance* inst, uint32_t i, const dtop_value* v) {
        return guard(inst, [&](T& obj) {
            check_value(v);
            PortBase* p = port(obj, i);
            p->connected = true;
            if (v->kind == DTOP_KIND_PENDING) return;  // announced before configure; the value comes later
            p->set(*v);
            if (spec().ports()[i].desc.flags & DTOP_PORT_STEPPED) obj.connected_ = false;
        });
    }
    static int get_output(dtop_instance* inst, uint32_t i, dtop_value* out) {
        return guard(inst, [&](T& obj) {
            // A stepped output's channels may depend on the inputs' (known once set_input ran).
            if ((spec().ports()[i].desc.flags & DTOP_PORT_STEPPED) && !obj.connected_) {
                obj.connect();
                obj.connected_ = true;
            }
            const dtop_value v = port(obj, i)->emit(obj.scratch_);
            write_value(v, out);
        });
    }
    static int run(dtop_instance* inst) {
        return guard(inst, [](T& obj) { obj.run(); });
    }
    static int init(dtop_instance* inst, double t0, double dt, double t1) {
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
            const auto& ports = spec().ports();
            for (const auto& p : ports) {
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
    static int step(dtop_instance* inst, double t, double dt, const double* in, double* out) {
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
    static int finish(dtop_instance* inst, int outcome) {
        return guard(inst, [outcome](T& obj) {
            obj.aborted_ = outcome != DTOP_OK;
            obj.finish();
        });
    }

    static const dtop_plugin_api* entry(uint16_t /*host_major*/, uint16_t /*host_minor*/) {
        try {
            static const dtop_plugin_api api = [] {
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
            return &api;
        } catch (...) {
            return nullptr;  // describe() threw: the host reports that the entry returned nothing
        }
    }
};

}  // namespace detail
}  // namespace dtop

// Exports the plugin class T: the only symbol the library makes visible.
#define DTOP_PLUGIN(T)                                                                            \
    extern "C" DTOP_EXPORT const dtop_plugin_api* dtop_plugin_entry(uint16_t host_major,           \
                                                                    uint16_t host_minor) {         \
        return ::dtop::detail::Glue<T>::entry(host_major, host_minor);                             \
    }
