// dtop C++ plugin layer: dtop::Spec, what a plugin class declares about itself in its static
// describe(dtop::Spec<Class>&) function: name, version, parameters (with unit, range, choices) and
// ports. The glue (glue.hpp) turns it into the descriptors of dtop_abi.h once per library.
#pragma once

#include <dtop/dtop_abi.h>
#include <dtop/ports.hpp>
#include <dtop/values.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace dtop {

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
inline constexpr bool always_false = false;  // a static_assert that fires only when instantiated

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

    // Any other member type: say what a port is, instead of "no matching function".
    template <class M>
    PortRef input(const char*, M T::*) {
        static_assert(detail::always_false<M>, "s.input(name, &Class::member): the member must be a dtop::In<T> (batch), "
                                               "dtop::StepIn<double> or dtop::StepIn<Eigen::VectorXd> (stepped)");
        return PortRef(this, 0);
    }
    template <class M>
    PortRef output(const char*, M T::*) {
        static_assert(detail::always_false<M>, "s.output(name, &Class::member): the member must be a dtop::Out<T> (batch), "
                                               "dtop::StepOut<double> or dtop::StepOut<Eigen::VectorXd> (stepped)");
        return PortRef(this, 0);
    }

    // The plugin uses features of plugin ABI 1.`minor` (e.g. it needs clock() in configure()): the
    // plugin then refuses a dtop host of an older minor, with a message the host shows. By default a
    // plugin serves every host of its major version (ABI 1.0 included).
    Spec& needs_host_minor(uint16_t minor) {
        if (minor > DTOP_API_VERSION_MINOR)
            throw std::runtime_error("needs_host_minor(" + std::to_string(minor) + "): this SDK speaks plugin API " +
                                     std::to_string(DTOP_API_VERSION_MAJOR) + "." +
                                     std::to_string(DTOP_API_VERSION_MINOR) + ", it has no features of a later minor");
        needed_minor_ = minor;
        return *this;
    }

private:
    template <class U>
    friend struct detail::Glue;

    // Built once per plugin library, by the glue (see Glue::entry).
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

    uint16_t needed_minor() const { return needed_minor_; }

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
    uint16_t needed_minor_ = 0;
};

}  // namespace dtop
