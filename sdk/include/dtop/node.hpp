// dtop C++ plugin layer: dtop::Node, the base class of every plugin class. Override what the plugin
// needs; the glue (glue.hpp) calls it in the order of dtop_abi.h's "Life of an instance".
#pragma once

#include <dtop/dtop_abi.h>
#include <dtop/ports.hpp>
#include <dtop/values.hpp>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace dtop {

// The scenario's clock, in seconds: steps at t = start + k * step while t <= stop.
struct Clock {
    double start = 0.0, step = 0.0, stop = 0.0;
};

class Node {
public:
    virtual ~Node() = default;
    // After all parameters are set: check them together (throw ParamError naming the parameter).
    // Inputs are not set yet, but is_connected() already tells which are wired, and clock() the
    // clock a stepped node will run with.
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
    // From configure() on: the clock this node will step with, or nothing (a batch node, a scenario
    // without clock, or a host of ABI 1.0, which does not tell). A check against it (a step too long
    // for a natural frequency) throws ParamError in configure(), and `dtop validate` points at the
    // parameter. init() receives the same clock in any case.
    std::optional<Clock> clock() const {
        constexpr std::size_t needed = offsetof(dtop_host, clock_stop) + sizeof(double);
        if (!host_ || host_->struct_size < needed || !host_->has_clock) return std::nullopt;
        return Clock{host_->clock_start, host_->clock_step, host_->clock_stop};
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

}  // namespace dtop
