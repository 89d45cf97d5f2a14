// dtop C++ plugin layer: the ports a plugin class declares as members. Batch ports (In, Out) carry one
// value per run; stepped ports (StepIn, StepOut) carry doubles every communication step. What the host
// calls on them (set, emit, read, write) is private: only the glue (glue.hpp) reaches it.
#pragma once

#include <dtop/dtop_abi.h>
#include <dtop/values.hpp>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace dtop {

namespace detail {
template <class T>
struct Glue;

class PortBase {
public:
    virtual ~PortBase() = default;
    // Whether the scenario wires this input (known from configure() on).
    bool is_connected() const { return connected_; }

private:
    template <class T>
    friend struct Glue;
    virtual void set(const dtop_value&) {}                 // batch input, or a stepped input's header
    // Named emit, not get: the ports' public get() must not hide it (-Woverloaded-virtual).
    virtual dtop_value emit(Scratch&) const { return blank(DTOP_KIND_REAL); }  // output or header
    virtual void read(const double*) {}                    // stepped input, every step
    virtual void write(double*) const {}                   // stepped output, every step
    virtual uint32_t width() const { return 0; }
    bool connected_ = false;
};
}  // namespace detail

// A batch input: a value the host hands over before run().
template <class T>
class In : public detail::PortBase {
public:
    const T& operator*() const { return value_; }
    const T* operator->() const { return &value_; }
    const T& get() const { return value_; }

private:
    void set(const dtop_value& v) override { value_ = ValueTraits<T>::from(v); }
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

private:
    dtop_value emit(detail::Scratch& s) const override {
        if (!produced_) throw std::runtime_error("the plugin did not produce this output");
        return ValueTraits<T>::to(value_, s);
    }
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
    // The unit of the connected source's channel (known from connect() on).
    const std::string& unit() const { return source_unit_; }

private:
    void read(const double* in) override { value_ = *in; }
    uint32_t width() const override { return 1; }
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

private:
    void read(const double* in) override { std::copy(in, in + value_.size(), value_.data()); }
    uint32_t width() const override { return static_cast<uint32_t>(value_.size()); }
    void set(const dtop_value& header) override {
        std::vector<std::string> n, u;
        detail::read_labels(header, n, u);
        names_.assign(n.begin() + (n.empty() ? 0 : 1), n.end());
        units_.assign(u.begin() + (u.empty() ? 0 : 1), u.end());
        value_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(names_.size()));
    }
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
    // The channel's unit as the host sees it; defaults to the port's declared unit. A pass-through
    // plugin whose port unit is "*" sets it in connect(), e.g. y.set_unit(u.unit()).
    void set_unit(std::string unit) { unit_ = std::move(unit); }
    const std::string& unit() const { return unit_; }

private:
    template <class T>
    friend struct detail::Glue;
    void write(double* out) const override { *out = value_; }
    uint32_t width() const override { return 1; }
    // The header the host reads before init: one channel named after the port.
    dtop_value emit(detail::Scratch& s) const override {
        s.clear();
        s.strings = {"t", "s", name_, unit_};
        auto v = detail::blank(DTOP_KIND_SERIES);
        v.cols = 2;
        detail::write_labels(s, v);
        return v;
    }
    double value_ = 0.0;
    std::string name_, unit_;  // set by the glue from the port's declaration
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
    // Write into it in step(); its size is fixed by set_channels. Public on purpose: it is the
    // port's interface (w.value[i] = ...), read by the glue after every step.
    Eigen::VectorXd value;

private:
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
    std::vector<std::string> names_, units_;
};

}  // namespace dtop
