#include "engine.hpp"

#include "batch_scheduler.hpp"
#include "hash.hpp"
#include "cosimulation.hpp"
#include "plugin_library.hpp"
#include "results.hpp"
#include "results_writer.hpp"
#include "run_core.hpp"
#include "scenario_check.hpp"

#include <chrono>
#include <ctime>
#include <map>
#include <thread>
#include <unistd.h>
#include <cstdlib>

namespace fs = std::filesystem;

namespace dtop {

const char* const kDtopVersion = DTOP_VERSION;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

std::string iso_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

Location param_location(const PlannedNode& pn, const std::string& param) {
    const int p = pn.desc.param_index(param);
    return p >= 0 ? pn.params[static_cast<std::size_t>(p)].at : pn.spec->at;
}

// One batch node: its inputs, run, its outputs. Never throws.
void run_batch_node(RunCore& core, std::size_t i) {
    if (core.cancel_requested()) return;  // left queued: ended with the run
    const auto t0 = std::chrono::steady_clock::now();
    try {
        if (!core.feed_batch_inputs(i)) return;  // ended `skipped`
        core.start(i);
        core.instance(i).run();
        core.collect_batch_outputs(i);
        core.end(i, RunState::ok, "", seconds_since(t0));
    } catch (const std::exception& e) {
        core.end(i, RunState::failed, e.what(), seconds_since(t0));
    }
}

void run_batch(RunCore& core, const std::vector<std::size_t>& nodes) {
    std::vector<BatchTask> tasks;
    for (std::size_t i : nodes) {
        BatchTask t{i, {}};
        for (std::size_t k : core.edge_index().into[i]) t.after.push_back(core.plan().edges[k].from_node);
        tasks.push_back(std::move(t));
    }
    const unsigned jobs = core.options().jobs ? core.options().jobs : std::max(1u, std::thread::hardware_concurrency());
    run_ready_queue(
        tasks, jobs, [&](std::size_t i) { run_batch_node(core, i); }, [&] { return core.cancel_requested(); });
}

// How the run as a whole ended, from its nodes.
RunState run_state(const std::vector<NodeResult>& nodes, bool cancelled) {
    bool ok = true;
    for (const auto& n : nodes) ok = ok && n.state == RunState::ok;
    if (ok) return RunState::ok;
    return cancelled ? RunState::cancelled : RunState::failed;
}

// A folder in the system's temporary folder for the files of a run that keeps none; removed with it.
struct ScratchDir {
    fs::path path;
    explicit ScratchDir(bool not_needed) {
        if (not_needed) return;
        std::string name = (fs::temp_directory_path() / "dtop-run-XXXXXX").string();
        if (::mkdtemp(name.data())) path = name;
    }
    ~ScratchDir() {
        std::error_code ec;
        if (!path.empty()) fs::remove_all(path, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
};

int exit_code(RunState s) {
    switch (s) {
    case RunState::ok: return 0;
    case RunState::cancelled:
    case RunState::interrupted: return 4;
    case RunState::crashed: return 3;
    default: return 2;
    }
}

}  // namespace

// The loaded library of each node (null where its plugin could not be loaded), and each library
// once, with the SHA-256 of its file when it was loaded, for the manifest.
struct PreparedRun::Loaded {
    std::vector<std::shared_ptr<PluginLibrary>> libs;
    std::vector<LoadedPlugin> plugins;
};

PreparedRun::PreparedRun(const Plan& plan, Registry& registry)
    : plan_(plan), loaded_(std::make_unique<Loaded>()) {
    std::map<std::string, std::shared_ptr<PluginLibrary>> by_name;
    loaded_->libs.resize(plan.nodes.size());
    for (std::size_t i = 0; i < plan.nodes.size(); ++i) {
        const auto& pn = plan.nodes[i];
        if (!pn.params_ok) continue;  // its parameters were already reported; it is never configured
        auto& lib = by_name[pn.desc.name];
        try {
            if (!lib) {
                lib = registry.load(pn.desc.name);
                const PluginEntry* entry = registry.find(pn.desc.name);
                const bool known = entry && entry->file == lib->file() && !entry->sha256.empty();
                loaded_->plugins.push_back({pn.desc.name, pn.desc.version, lib->file(), known ? entry->sha256 : sha256_file(lib->file())});
            }
            loaded_->libs[i] = lib;
        } catch (const std::exception& e) {
            load_problems_.error(pn.spec->plugin_at, "node '" + pn.spec->name + "': " + e.what());
        }
    }
}

PreparedRun::~PreparedRun() = default;

std::optional<ParamOverride> PreparedRun::parameter(const std::string& node_param, const std::string& value,
                                                    Diagnostics& d) const {
    const Location where{"parameter " + node_param + "=" + value, 0, 0};
    const auto dot = node_param.rfind('.');
    const std::string node = node_param.substr(0, dot), param = dot == std::string::npos ? "" : node_param.substr(dot + 1);
    for (std::size_t i = 0; i < plan_.nodes.size(); ++i) {
        const auto& pn = plan_.nodes[i];
        if (pn.spec->name != node) continue;
        const int p = pn.desc.param_index(param);
        if (p < 0) {
            std::vector<std::string> names;
            for (const auto& pd : pn.desc.params) names.push_back(pd.name);
            d.error(where, "node '" + node + "' (" + pn.desc.name + ") has no parameter '" + param + "'" + did_you_mean(param, names));
            return std::nullopt;
        }
        std::string why;
        YAML::Node yaml;
        try {
            yaml = YAML::Load(value);
        } catch (const YAML::Exception& e) {
            d.error(where, "'" + value + "' is not a value: " + e.msg);
            return std::nullopt;
        }
        auto v = param_value(pn.desc.params[static_cast<std::size_t>(p)], yaml, plan_.scenario.dir(), why);
        if (!v) {
            d.error(where, "node '" + node + "', parameter '" + param + "': " + why);
            return std::nullopt;
        }
        return ParamOverride{i, static_cast<std::size_t>(p), std::move(*v)};
    }
    d.error(where, "no node '" + node + "' in the scenario");
    return std::nullopt;
}

namespace {

// The parameter values each node runs with: the plan's, with the overrides on top.
std::vector<std::vector<Value>> run_params(const Plan& plan, const std::vector<ParamOverride>& overrides) {
    std::vector<std::vector<Value>> params(plan.nodes.size());
    for (std::size_t i = 0; i < plan.nodes.size(); ++i)
        for (const auto& p : plan.nodes[i].params) params[i].push_back(p.value);
    for (const auto& o : overrides) params.at(o.node).at(o.param) = o.value;
    return params;
}

// Creates each node's instance, sets its parameters, announces its wired inputs and configures it.
// Every problem goes to `d`, at the parameter's place where the plugin names one.
std::vector<std::unique_ptr<Instance>> instantiate(const Plan& plan, const std::vector<std::shared_ptr<PluginLibrary>>& libs,
                                                   const std::vector<std::vector<Value>>& params,
                                                   const std::function<void(std::size_t, int, const std::string&)>& log,
                                                   Diagnostics& d) {
    std::vector<std::unique_ptr<Instance>> instances(plan.nodes.size());
    const EdgeIndex edges(plan);
    for (std::size_t i = 0; i < plan.nodes.size(); ++i) {
        const auto& pn = plan.nodes[i];
        if (!libs[i]) continue;
        const std::string& name = pn.spec->name;
        try {
            instances[i] = std::make_unique<Instance>(libs[i], [log, i](int level, const std::string& m) { log(i, level, m); });
            for (std::size_t p = 0; p < pn.params.size(); ++p) {
                try {
                    instances[i]->set_param(p, params[i][p]);
                } catch (const PluginError& e) {
                    d.error(pn.params[p].at, "node '" + name + "', parameter '" + pn.desc.params[p].name + "': " + e.what());
                }
            }
            // The clock a stepped node will run with, so that its configure() can check against it.
            if (const Clock& c = plan.scenario.clock; pn.stepped && c.present) instances[i]->set_clock(c.start, c.step, c.stop);
            // Tell the plugin which inputs are wired, so configure() can take it into account.
            for (std::size_t k : edges.into[i]) {
                Value pending;
                pending.kind = DTOP_KIND_PENDING;
                instances[i]->set_input(plan.edges[k].to_port, pending);
            }
            instances[i]->configure();
        } catch (const PluginError& e) {
            const Location where = e.param.empty() ? pn.spec->at : param_location(pn, e.param);
            d.error(where, "node '" + name + "'" + (e.param.empty() ? "" : ", parameter '" + e.param + "'") + ": " + e.what());
        }
    }
    return instances;
}

}  // namespace

Diagnostics PreparedRun::check(const std::vector<ParamOverride>& overrides) {
    Diagnostics d = load_problems_;
    instantiate(plan_, loaded_->libs, run_params(plan_, overrides), [](std::size_t, int, const std::string&) {}, d);
    return d;
}

RunOutcome PreparedRun::run(const RunOptions& options, Reporter* reporter, const std::vector<ParamOverride>& overrides) {
    RunOutcome out;
    // run.log before the manifest: a manifest that says a node is running has its log line written.
    std::vector<RunObserver*> observers;
    if (reporter) {
        reporter->set_plan(plan_);
        observers.push_back(reporter);
    }
    std::unique_ptr<ResultsWriter> writer;
    if (options.write_results) {
        writer = std::make_unique<ResultsWriter>(options.command_line);
        observers.push_back(writer.get());
    }
    observers.insert(observers.end(), options.observers.begin(), options.observers.end());
    auto log = [&observers](std::size_t node, int level, const std::string& m) {
        for (auto* o : observers) o->log(level, node, m);
    };

    // Phase 1: instances, parameters, the plugins' own checks. Nothing has run if any fails.
    out.problems = load_problems_;
    const auto params = run_params(plan_, overrides);
    auto instances = instantiate(plan_, loaded_->libs, params, log, out.problems);
    if (!out.problems.empty()) {
        out.exit_code = 1;
        return out;
    }
    ResultsDirLock results_lock;  // held until the run has written its last file
    if (options.write_results) {
        try {
            auto claimed = claim_results_dir(options.out, options.overwrite, plan_.scenario.name);
            out.results = claimed.path;
            results_lock = std::move(claimed.lock);
        } catch (const std::exception& e) {
            out.problems.error({"--out", 0, 0}, e.what());
            out.exit_code = 1;
            return out;
        }
        if (options.on_results_dir) options.on_results_dir(out.results);
    }
    // Plugins write their own files in <results>/<node>/; without a results folder, in a scratch
    // folder removed after the run.
    const ScratchDir scratch(options.write_results);
    const fs::path files_root = options.write_results ? fs::absolute(out.results) : scratch.path;
    for (std::size_t i = 0; i < plan_.nodes.size(); ++i)
        instances[i]->set_output_dir((files_root / plan_.nodes[i].spec->name).string());

    // Phase 2: the nodes.
    const RunContext ctx{plan_, loaded_->plugins, params, out.results, iso_now()};
    for (auto* o : observers) o->run_started(ctx);
    RunCore core(plan_, instances, observers, options);
    run_batch(core, plan_.batch_before);
    if (plan_.has_stepped() && !core.cancel_requested()) cosimulate(core);
    run_batch(core, plan_.batch_after);
    const bool cancelled = core.cancel_requested();
    for (std::size_t i = 0; i < plan_.nodes.size(); ++i)
        if (core.state(i) == RunState::queued)
            core.end(i, RunState::skipped, cancelled ? "the run was cancelled before it started" : "never started", 0);

    out.nodes = core.results();
    out.state = run_state(out.nodes, cancelled);
    for (auto* o : observers) {
        try {
            o->run_finished(out.state);
        } catch (const std::exception& e) {  // the final manifest could not be written
            log(RunObserver::kNoNode, 3, e.what());
            if (out.state == RunState::ok) out.state = RunState::failed;
        }
    }
    out.exit_code = exit_code(out.state);
    return out;
}

RunOutcome run_plan(const Plan& plan, Registry& registry, Reporter& reporter, const RunOptions& options) {
    PreparedRun prepared(plan, registry);
    return prepared.run(options, &reporter);
}

Diagnostics check_plugins(const Plan& plan, Registry& registry) {
    PreparedRun prepared(plan, registry);
    return prepared.check();
}

}  // namespace dtop
