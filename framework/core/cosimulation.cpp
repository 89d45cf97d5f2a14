#include "cosimulation.hpp"

#include "edge_conversion.hpp"
#include "run_core.hpp"

#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

namespace dtop {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

std::string time_text(double t) {
    std::ostringstream s;
    s.precision(12);
    s << t;
    return s.str();
}

// A stepped output recorded over the co-simulation (for a batch consumer, or `record: true`).
struct Recording {
    std::size_t node, port, offset, width;
    std::vector<std::string> names, units;
    std::vector<double> rows;  // width values per step, step after step
};

// One channel copied from the stepped output buffer into a node's input buffer, with its unit conversion.
struct Copy {
    std::size_t from, to;
    double scale, offset;
};

// Where a stepped output's channels sit in the one output buffer, and what they are.
struct OutputSlot {
    std::size_t offset = 0;
    Value header;  // a SERIES with rows = 0: column 0 the abscissa, then the channels
    std::size_t width() const { return header.cols - 1; }
};

// A node's failure during the co-simulation, with the node to blame.
struct NodeFailure : std::runtime_error {
    NodeFailure(std::size_t node, const std::string& what) : std::runtime_error(what), node(node) {}
    std::size_t node;
};

class CoSimulation {
public:
    explicit CoSimulation(RunCore& core) : core_(core), plan_(core.plan()), order_(plan_.step_order) {}

    void run() {
        const auto t0 = std::chrono::steady_clock::now();
        for (std::size_t i : order_) core_.start(i);
        bool ok = true;
        try {
            feed_batch_inputs();
            connect();
            plan_recordings();
            init_nodes();
        } catch (const NodeFailure& f) {
            fail(f.node, f.what());
            ok = false;
        } catch (const std::exception& e) {  // a malformed value from a plugin, say
            fail(current_, e.what());
            ok = false;
        }
        if (ok && !no_data_) loop();
        finish_nodes();
        publish_recordings();
        end_nodes(seconds_since(t0));
    }

private:
    const std::string& name(std::size_t i) const { return core_.name(i); }
    const PortDesc& port(std::size_t node, std::size_t p) const { return core_.port(node, p); }
    bool stepped_output(std::size_t node, std::size_t p) const { return !port(node, p).is_input() && port(node, p).is_stepped(); }

    // Batch inputs of stepped nodes (a structure, a parameter table) before anything else.
    void feed_batch_inputs() {
        for (std::size_t i : order_) {
            current_ = i;
            bool fed = false;
            try {
                fed = core_.feed_batch_inputs(i);
            } catch (const std::exception& e) {
                throw NodeFailure(i, e.what());
            }
            if (!fed) throw NodeFailure(i, "");  // it ended `skipped`; the others cannot step without it
        }
    }

    const OutputSlot& slot(std::size_t node, std::size_t p) {
        auto it = slots_.find({node, p});
        if (it != slots_.end()) return it->second;
        current_ = node;
        Value h;
        try {
            h = core_.instance(node).get_output(p);
        } catch (const PluginError& e) {
            throw NodeFailure(node, e.what());
        }
        if (h.kind != DTOP_KIND_SERIES || h.cols < 1)
            throw NodeFailure(node, "stepped output '" + port(node, p).name + "' did not describe its channels");
        return slots_.emplace(std::make_pair(node, p), OutputSlot{0, std::move(h)}).first->second;
    }

    // Tells each stepped input its source's channels (in step order, so a node's outputs may follow
    // its inputs), then lays the outputs side by side in one buffer and plans the copies into inputs.
    void connect() {
        std::map<const Edge*, uint64_t> told;  // the channel count each stepped input was told
        for (std::size_t i : order_) {
            current_ = i;
            try {
                for (std::size_t k : core_.edge_index().into[i])
                    if (const Edge& e = plan_.edges[k]; port(i, e.to_port).is_stepped()) {
                        const Value h = header_through(e);
                        core_.instance(i).set_input(e.to_port, h);
                        told[&e] = h.cols;
                    }
                for (std::size_t p = 0; p < plan_.nodes[i].desc.ports.size(); ++p)
                    if (stepped_output(i, p)) slots_.erase({i, p}), slot(i, p);
            } catch (const PluginError& e) {
                throw NodeFailure(i, e.what());
            }
        }
        // A feedback input was told its source's channels before that source was connected itself.
        for (const auto& [e, cols] : told)
            if (header_through(*e).cols != cols)
                throw NodeFailure(e->to_node, "the channels of '" + name(e->from_node) + "." + port(e->from_node, e->from_port).name +
                                                  "' depend on its inputs, so it cannot close a feedback loop into '" +
                                                  name(e->to_node) + "' (" + e->at.text() + ")");
        out_offset_.assign(plan_.nodes.size(), 0);
        for (std::size_t i : order_) {
            out_offset_[i] = total_;
            for (std::size_t p = 0; p < plan_.nodes[i].desc.ports.size(); ++p)
                if (stepped_output(i, p)) {
                    auto& s = slots_.at({i, p});
                    s.offset = total_;
                    total_ += s.width();
                }
        }
        copies_.resize(plan_.nodes.size());
        in_bufs_.resize(plan_.nodes.size());
        for (std::size_t i : order_) plan_copies(i);
    }

    std::string source_name(const Edge& e) const { return name(e.from_node) + "." + port(e.from_node, e.from_port).name; }

    // The source's channels that a wire carries (`channels:`), as indices into its slot (0-based).
    std::vector<std::size_t> wire_channels(const Edge& e) {
        const OutputSlot& s = slot(e.from_node, e.from_port);
        try {
            std::vector<std::size_t> columns = chosen_columns(e, s.header.names, 1, source_name(e));
            for (auto& c : columns) --c;  // header column c is channel c - 1
            return columns;
        } catch (const std::runtime_error& err) {
            throw NodeFailure(e.to_node, err.what());
        }
    }

    // The channel description a stepped input is given: its source's, or the chosen channels only.
    Value header_through(const Edge& e) {
        const Value& h = slot(e.from_node, e.from_port).header;
        if (e.channels.empty()) return h;
        Value chosen = h;
        chosen.names = {h.names[0]};
        chosen.units = {h.units[0]};
        for (std::size_t c : wire_channels(e)) {
            chosen.names.push_back(h.names[c + 1]);
            chosen.units.push_back(h.units[c + 1]);
        }
        chosen.cols = chosen.names.size();
        return chosen;
    }

    const Edge* edge_into(std::size_t node, std::size_t p) const {
        for (std::size_t k : core_.edge_index().into[node])
            if (plan_.edges[k].to_port == p) return &plan_.edges[k];
        return nullptr;
    }

    // The copies that fill node i's input buffer at every step, in port order.
    void plan_copies(std::size_t i) {
        std::size_t width = 0;
        for (std::size_t p = 0; p < plan_.nodes[i].desc.ports.size(); ++p) {
            const auto& dp = port(i, p);
            if (!dp.is_input() || !dp.is_stepped()) continue;
            const Edge* edge = edge_into(i, p);
            if (!edge) {
                width += dp.width;  // unconnected optional input: zeros
                continue;
            }
            const auto& s = slots_.at({edge->from_node, edge->from_port});
            const std::string source = source_name(*edge);
            const std::vector<std::size_t> channels = wire_channels(*edge);
            if (dp.kind == DTOP_KIND_REAL && channels.size() != 1) {
                std::string names;
                for (std::size_t c : channels) names += (names.empty() ? "" : ", ") + s.header.names[c + 1];
                throw NodeFailure(i, "input '" + dp.name + "' takes one channel, but '" + source + "' gives " +
                                         std::to_string(channels.size()) + " (" + names + ") at " + edge->at.text() +
                                         "; choose one: {from: " + source + ", channels: [" + s.header.names[channels.front() + 1] + "]}");
            }
            const std::string& port_unit = port(edge->from_node, edge->from_port).unit;
            for (std::size_t k = 0; k < channels.size(); ++k) {
                const std::size_t c = channels[k];
                std::string from = s.header.units[c + 1];
                if (from.empty() && port_unit != "*") from = port_unit;
                ChannelConversion conversion;
                try {
                    conversion = edge_conversion(*edge, from, "channel '" + s.header.names[c + 1] + "'", dp.name);
                } catch (const std::runtime_error& e) {
                    throw NodeFailure(i, e.what());
                }
                copies_[i].push_back({s.offset + c, width + k, conversion.scale, conversion.offset});
            }
            width += channels.size();
        }
        in_bufs_[i].assign(width, 0.0);
    }

    // Stepped outputs feeding batch series inputs, and every output of `record: true` nodes.
    void plan_recordings() {
        std::set<std::pair<std::size_t, std::size_t>> recorded;
        auto record = [&](std::size_t node, std::size_t p) {
            if (!recorded.insert({node, p}).second) return;
            const auto& s = slots_.at({node, p});
            Recording r{node, p, s.offset, s.width(), {}, {}, {}};
            r.names.assign(s.header.names.begin() + 1, s.header.names.end());
            r.units.assign(s.header.units.begin() + 1, s.header.units.end());
            for (auto& u : r.units)
                if (u.empty() && port(node, p).unit != "*") u = port(node, p).unit;
            recordings_.push_back(std::move(r));
        };
        for (const auto& e : plan_.edges)
            if (e.collect) record(e.from_node, e.from_port);
        for (std::size_t i : order_)
            if (plan_.nodes[i].spec->record)
                for (std::size_t p = 0; p < plan_.nodes[i].desc.ports.size(); ++p)
                    if (stepped_output(i, p)) record(i, p);
        reserve_recordings();
    }

    // Recordings are held in memory: say how much before trying.
    void reserve_recordings() {
        if (recordings_.empty()) return;
        const long long steps = plan_.scenario.clock.steps();
        double bytes = 0;
        for (const auto& r : recordings_) bytes += 8.0 * static_cast<double>(r.width + 1) * static_cast<double>(steps + 1);
        try {
            times_.reserve(static_cast<std::size_t>(steps + 1));
            for (auto& r : recordings_) r.rows.reserve(static_cast<std::size_t>(steps + 1) * r.width);
        } catch (const std::bad_alloc&) {
            throw NodeFailure(recordings_.front().node, "recording " + std::to_string(steps + 1) + " steps needs " +
                                                            std::to_string(bytes / 1e9) + " GB of memory, more than is available; "
                                                            "record fewer outputs or a shorter clock");
        }
    }

    void init_nodes() {
        const Clock& clock = plan_.scenario.clock;
        for (std::size_t i : order_) {
            current_ = i;
            dtop_status status = DTOP_OK;
            try {
                status = core_.instance(i).init(clock.start, clock.step, clock.stop);
            } catch (const PluginError& e) {
                throw NodeFailure(i, e.what());
            }
            initialised_.push_back(i);
            if (status == DTOP_END_OF_DATA && !no_data_) {  // a source with no data at all: no step is made
                no_data_ = true;
                core_.log(1, i, "no data at all (init): the co-simulation ends before its first step");
            }
        }
    }

    // The node whose output slot `k` is, and the port and channel it belongs to.
    std::string describe_slot(std::size_t k, std::size_t& node) const {
        for (const auto& [key, s] : slots_)
            if (k >= s.offset && k < s.offset + s.width()) {
                node = key.first;
                return "output '" + port(key.first, key.second).name + "' channel '" + s.header.names[k - s.offset + 1] + "'";
            }
        node = order_.front();
        return "an output";
    }

    // The first NaN or Inf in the outputs of step t fails the node that wrote it (the first one in step
    // order: the others may only have passed it on).
    // Cheap where it matters: one sum per step (NaN and Inf propagate through it); the search only
    // when the sum is not finite.
    static bool sum_finite(const double* outs, std::size_t n) {
        double sum = 0.0;
        for (std::size_t k = 0; k < n; ++k) sum += outs[k];
        return std::isfinite(sum);
    }

    bool outputs_finite(const std::vector<double>& outs, double t) {
        for (std::size_t k = 0; k < outs.size(); ++k) {
            if (std::isfinite(outs[k])) continue;
            std::size_t node = 0;
            const std::string what = describe_slot(k, node);
            fail(node, what + " is " + (std::isnan(outs[k]) ? "NaN" : "infinite") + " at t = " + time_text(t) +
                           " s (the finite-value check; dtop run --no-check-finite turns it off)");
            return false;
        }
        return true;  // the sum overflowed, every term is finite
    }

    // The loop: no allocation, one indirect call per node and step.
    void loop() {
        const Clock& clock = plan_.scenario.clock;
        const long long steps = clock.steps();
        std::vector<double> outs(total_, 0.0);
        const bool check_finite = core_.options().check_finite_stepped && total_ > 0;
        Pacer* pacer = core_.options().pacer;
        if (pacer) pacer->start(clock.start);
        looped_ = true;
        // t_k = start + k step. When step = 1/n (1 kHz: n = 1000), k / n is the correctly rounded t_k
        // (0.009, not 0.009000000000000001), which files and recordings then show.
        const double per_second = std::round(1.0 / clock.step);
        const bool reciprocal = std::abs(1.0 / clock.step - per_second) < 1e-9 * per_second;
        long long k = 0;
        bool end_of_data = false;
        for (; k <= steps; ++k) {
            const double kd = static_cast<double>(k);
            const double t = clock.start + (reciprocal ? kd / per_second : kd * clock.step);
            if (core_.cancel_requested()) {
                cancelled_ = true;
                break;
            }
            if (pacer) pacer->before_step(t);
            if (!step_all(t, clock.step, outs, end_of_data)) break;
            if (end_of_data) break;  // a source without data at t_k: t_k has no outputs to keep
            if (check_finite && !sum_finite(outs.data(), total_) && !outputs_finite(outs, t)) break;
            if (!recordings_.empty()) {
                times_.push_back(t);
                for (auto& r : recordings_)
                    r.rows.insert(r.rows.end(), outs.begin() + static_cast<std::ptrdiff_t>(r.offset),
                                  outs.begin() + static_cast<std::ptrdiff_t>(r.offset + r.width));
            }
            if ((k & 1023) == 0) core_.cosim_progress(t, false);
        }
        if (!failed_ && !cancelled_) core_.cosim_progress(clock.start + static_cast<double>(std::max(0LL, k - 1)) * clock.step, true);
    }

    // Every node steps at t; false if one failed.
    bool step_all(double t, double h, std::vector<double>& outs, bool& end_of_data) {
        for (std::size_t i : order_) {
            double* in = in_bufs_[i].data();
            for (const Copy& c : copies_[i]) in[c.to] = c.scale * outs[c.from] + c.offset;
            const int status = core_.instance(i).step(t, h, in, outs.data() + out_offset_[i]);
            if (status == DTOP_END_OF_DATA) {
                end_of_data = true;
                core_.log(1, i, "end of data at t = " + time_text(t) + " s: the co-simulation stops");
            } else if (status != DTOP_OK) {
                fail(i, "at t = " + time_text(t) + " s: " + core_.instance(i).error("step").what());
                return false;
            }
        }
        return true;
    }

    void fail(std::size_t node, const std::string& why) {
        if (failed_) return;
        failed_ = true;
        culprit_ = node;
        culprit_error_ = why;
    }

    // Every node that was initialised is finished, even after a failure, so plugins release what they hold.
    void finish_nodes() {
        const bool early = failed_ || cancelled_;
        for (std::size_t i : initialised_) {
            try {
                core_.instance(i).finish(early);
            } catch (const std::exception& e) {
                if (!failed_) fail(i, std::string("finish: ") + e.what());
            }
        }
    }

    // Recorded series: to their batch consumers and, for `record: true`, to the results; after a failure
    // or a cancel only to the results, as partial recordings.
    void publish_recordings() {
        const bool partial = failed_ || cancelled_;
        for (auto& r : recordings_) {
            const bool keep = plan_.nodes[r.node].spec->record;
            if (partial && !keep) continue;
            Value v;
            v.kind = DTOP_KIND_SERIES;
            v.rows = times_.size();
            v.cols = r.width + 1;
            v.names = {"t"};
            v.units = {"s"};
            v.names.insert(v.names.end(), r.names.begin(), r.names.end());
            v.units.insert(v.units.end(), r.units.begin(), r.units.end());
            v.data = times_;
            v.data.resize(v.rows * v.cols);
            for (std::size_t s = 0; s < v.rows; ++s)
                for (std::size_t c = 0; c < r.width; ++c) v.data[(c + 1) * v.rows + s] = r.rows[s * r.width + c];
            r.rows = {};
            try {
                core_.publish(r.node, r.port, std::move(v), partial);
            } catch (const std::exception& e) {
                core_.log(3, r.node, e.what());
                if (!partial) fail(r.node, e.what());
            }
        }
    }

    // How each stepped node ended.
    void end_nodes(double wall) {
        const char* culprit_state = failed_ && core_.state(culprit_) == RunState::skipped ? "skipped" : "failed";
        for (std::size_t i : order_) {
            if (core_.state(i) != RunState::running) continue;  // ended already (skipped)
            if (failed_ && i == culprit_) {
                core_.end(i, RunState::failed, culprit_error_, wall);
            } else if (failed_) {
                // Stopped if it stepped; skipped if the co-simulation never got to its first step.
                core_.end(i, looped_ ? RunState::stopped : RunState::skipped,
                          "the co-simulation stopped: node '" + name(culprit_) + "' " + culprit_state, wall);
            } else if (cancelled_) {
                core_.end(i, RunState::cancelled, "the run was cancelled", wall);
            } else {
                try {
                    core_.collect_batch_outputs(i);
                    core_.end(i, RunState::ok, "", wall);
                } catch (const std::exception& e) {
                    core_.end(i, RunState::failed, e.what(), wall);
                }
            }
        }
    }

    RunCore& core_;
    const Plan& plan_;
    const std::vector<std::size_t>& order_;
    std::map<std::pair<std::size_t, std::size_t>, OutputSlot> slots_;  // (node, port)
    std::size_t total_ = 0;
    std::vector<std::size_t> out_offset_;        // by node index
    std::vector<std::vector<Copy>> copies_;       // by node index
    std::vector<std::vector<double>> in_bufs_;    // by node index
    std::vector<Recording> recordings_;
    std::vector<double> times_;
    std::vector<std::size_t> initialised_;
    bool failed_ = false, cancelled_ = false, looped_ = false, no_data_ = false;
    std::size_t current_ = 0;  // the node being set up, to blame for an unexpected exception
    std::size_t culprit_ = 0;
    std::string culprit_error_;
};

}  // namespace

void cosimulate(RunCore& core) { CoSimulation(core).run(); }

}  // namespace dtop
