#include "run_core.hpp"

#include "edge_conversion.hpp"

#include <cmath>
#include <sstream>

namespace dtop {

RunCore::RunCore(const Plan& plan, std::vector<std::unique_ptr<Instance>>& instances, std::vector<RunObserver*> observers,
                 const RunOptions& options)
    : plan_(plan), edge_index_(plan), instances_(instances), observers_(std::move(observers)), options_(options),
      nodes_(plan.nodes.size()), outputs_(plan.nodes.size()) {}

void RunCore::start(std::size_t i) {
    {
        std::lock_guard lock(mutex_);
        nodes_[i].state = RunState::running;
    }
    for (auto* o : observers_) o->node_started(i);
}

void RunCore::end(std::size_t i, RunState state, const std::string& error, double wall_s) {
    NodeResult r{state, error, wall_s};
    {
        std::lock_guard lock(mutex_);
        nodes_[i] = r;
    }
    for (auto* o : observers_) o->node_finished(i, r);
}

RunState RunCore::state(std::size_t i) const {
    std::lock_guard lock(mutex_);
    return nodes_[i].state;
}

std::vector<NodeResult> RunCore::results() const {
    std::lock_guard lock(mutex_);
    return nodes_;
}

const Value* RunCore::output(std::size_t i, std::size_t p) const {
    std::lock_guard lock(mutex_);
    auto it = outputs_[i].find(p);
    return it == outputs_[i].end() ? nullptr : &it->second;  // map nodes are stable once inserted
}

bool RunCore::consumed(std::size_t node, std::size_t p) const {
    for (std::size_t k : edge_index_.out_of[node])
        if (plan_.edges[k].from_port == p) return true;
    return false;
}

bool RunCore::feed_batch_inputs(std::size_t i) {
    for (std::size_t k : edge_index_.into[i]) {
        const Edge& e = plan_.edges[k];
        if (port(i, e.to_port).is_stepped()) continue;
        const Value* v = output(e.from_node, e.from_port);
        if (!v) {
            const RunState from = state(e.from_node);
            end(i, RunState::skipped,
                "input '" + port(i, e.to_port).name + "' has no value: node '" + name(e.from_node) + "' " +
                    (from == RunState::ok ? "did not produce '" + port(e.from_node, e.from_port).name + "'" : state_name(from)),
                0);
            return false;
        }
        instances_[i]->set_input(e.to_port, deliver_batch(e, *v, port(e.from_node, e.from_port).unit, port(i, e.to_port).name));
    }
    return true;
}

void RunCore::collect_batch_outputs(std::size_t i) {
    const auto& ports = plan_.nodes[i].desc.ports;
    for (std::size_t p = 0; p < ports.size(); ++p) {
        if (ports[p].is_input() || ports[p].is_stepped()) continue;
        Value v;
        try {
            v = instances_[i]->get_output(p);
        } catch (const PluginError& e) {
            // An output nobody reads may be left out (a picture not asked for, a spectrum of an unstable
            // loop); one that a wire reads fails the node.
            if (consumed(i, p)) throw std::runtime_error("output '" + ports[p].name + "': " + e.what());
            log(2, i, "output '" + ports[p].name + "' not produced: " + e.what());
            continue;
        }
        if (v.kind != ports[p].kind)
            throw std::runtime_error(std::string("output '") + ports[p].name + "' is declared " + kind_name(ports[p].kind) +
                                     " but the plugin returned a " + kind_name(v.kind));
        if (v.unit.empty() && ports[p].unit != "*") v.unit = ports[p].unit;
        if (options_.check_finite_batch) {
            const std::string bad = first_non_finite(v);
            if (!bad.empty()) throw std::runtime_error("output '" + ports[p].name + "': " + bad + " (--check-finite)");
        }
        publish(i, p, std::move(v), false);
    }
}

void RunCore::publish(std::size_t i, std::size_t p, Value v, bool partial) {
    if (partial) {  // an incomplete recording goes to the results, never to a consumer
        for (auto* o : observers_) o->output_produced(i, p, v, true);
        return;
    }
    const Value* kept = nullptr;
    {
        std::lock_guard lock(mutex_);
        auto& slot = outputs_[i][p];
        slot = std::move(v);
        kept = &slot;  // published once per run: nobody changes it from here on
    }
    for (auto* o : observers_) o->output_produced(i, p, *kept, false);
}

void RunCore::log(int level, std::size_t i, const std::string& message) {
    for (auto* o : observers_) o->log(level, i, message);
}

void RunCore::cosim_progress(double t, bool last) {
    for (auto* o : observers_) o->cosim_progress(t, last);
}

std::string first_non_finite(const Value& v) {
    auto describe = [](double x) { return std::isnan(x) ? "NaN" : (x > 0 ? "+Inf" : "-Inf"); };
    if (v.is_columns()) {
        for (std::size_t c = 0; c < v.cols; ++c)
            for (std::size_t r = 0; r < v.rows; ++r) {
                const double x = v.data[c * v.rows + r];
                if (std::isfinite(x)) continue;
                std::ostringstream s;
                s << "channel '" << v.names[c] << "' has " << describe(x) << " at row " << r;
                if (v.kind == DTOP_KIND_SERIES && c > 0) s << " (" << v.names[0] << " = " << v.data[r] << ")";
                return s.str();
            }
        return "";
    }
    if (v.kind == DTOP_KIND_REAL || v.kind == DTOP_KIND_REAL_ARRAY || v.kind == DTOP_KIND_COMPLEX_ARRAY)
        for (std::size_t k = 0; k < v.data.size(); ++k)
            if (!std::isfinite(v.data[k]))
                return std::string(describe(v.data[k])) + (v.data.size() > 1 ? " at element " + std::to_string(k) : "");
    return "";
}

}  // namespace dtop
