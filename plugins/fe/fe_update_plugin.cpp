// fe-model-update: calibrates the shear-frame twin's storey stiffnesses so that its natural
// frequencies match target ones (an FE model's, or measured) in least squares, and hands the updated
// structure on to the structural plugins (shear-frame, tmd, dvf, lqg take a `structure` JSON).
#include "model_update.hpp"
#include "plugin_common.hpp"

#include <cmath>

using namespace dtop::fe;
using namespace dtop::structural;

struct FeUpdatePlugin : dtop::Node {
    dtop::Path structure_file{kDefaultStructure};
    std::vector<double> modes;  // 1-based; empty: every mode with a target
    std::string stiffness = "per-storey";
    int64_t max_iterations = 200;

    dtop::In<Eigen::VectorXd> targets;
    dtop::In<dtop::Json> start;
    dtop::In<Eigen::MatrixXd> target_shapes;
    dtop::Out<dtop::Json> structure;
    dtop::Out<dtop::Table> table;
    dtop::Out<Eigen::VectorXd> frequencies;
    dtop::Out<dtop::Json> result;

    static void describe(dtop::Spec<FeUpdatePlugin>& s) {
        s.name("fe-model-update").version("1.0.0").summary("Calibrate shear-frame storey stiffnesses to target natural frequencies");
        s.doc("Least squares on the relative frequency errors of the chosen modes, Levenberg-Marquardt on ln k with exact "
              "eigenvalue sensitivities; floor masses and damping stay as in the starting structure. Wire an FE model's "
              "sway frequencies (fe-frame.frequencies) to `targets`; the updated structure goes to shear-frame (`source`) "
              "or tmd/dvf/lqg (`structure`).");
        s.param("structure_file", &FeUpdatePlugin::structure_file).must_exist()
            .doc("the starting structure (JSON, see data/structures/), when `start` is not wired");
        s.param("modes", &FeUpdatePlugin::modes).min(1).doc("modes to match, 1 = lowest (empty: every mode that has a target)");
        s.param("stiffness", &FeUpdatePlugin::stiffness).choices("per-storey|uniform")
            .doc("per-storey: one stiffness per storey; uniform: one factor on all, keeping their ratios");
        s.param("max_iterations", &FeUpdatePlugin::max_iterations).min(1).max(10000).doc("Levenberg-Marquardt iterations at most");
        s.input("targets", &FeUpdatePlugin::targets).unit("Hz").doc("target natural frequencies of modes 1, 2, ... (e.g. fe-frame.frequencies)");
        s.input("start", &FeUpdatePlugin::start).optional().doc("the starting structure (JSON) instead of structure_file");
        s.input("target_shapes", &FeUpdatePlugin::target_shapes).optional()
            .doc("target mode shapes (floors x modes, e.g. fe-frame.mode_shapes): adds the MAC with the updated shapes to the table");
        s.output("structure", &FeUpdatePlugin::structure).doc("the updated structure (JSON), for shear-frame, tmd, dvf, lqg");
        s.output("table", &FeUpdatePlugin::table).unit("*").doc("per matched mode: target, before, after (Hz), errors (%), MAC");
        s.output("frequencies", &FeUpdatePlugin::frequencies).unit("Hz").doc("natural frequencies of the updated structure");
        s.output("result", &FeUpdatePlugin::result).doc("stiffnesses before and after, residuals, iterations, convergence");
    }

    UpdateOptions options;

    void configure() override {
        options.modes.clear();
        for (double m : modes) {
            if (m != std::floor(m)) throw dtop::ParamError("modes", "mode numbers are whole numbers, not " + std::to_string(m));
            if (!options.modes.empty() && m <= options.modes.back())
                throw dtop::ParamError("modes", "list the modes in ascending order, each once");
            options.modes.push_back(static_cast<int>(m));
        }
        options.model = stiffness == "uniform" ? StiffnessModel::uniform : StiffnessModel::per_storey;
        options.max_iterations = static_cast<int>(max_iterations);
        if (!start.is_connected()) {
            const ShearFrame f = structure_of(start, structure_file);
            for (int m : options.modes)
                if (m > f.floors())
                    throw dtop::ParamError("modes", "mode " + std::to_string(m) + " is beyond the " + std::to_string(f.floors()) +
                                                        "-storey structure");
        }
    }

    void run() override {
        const ShearFrame initial = structure_of(start, structure_file);
        UpdateResult r;
        try {
            r = update_stiffness(initial, *targets, options);
        } catch (const std::invalid_argument& e) {
            throw dtop::ParamError("modes", e.what());
        }
        if (!r.converged) warn("the update did not converge in " + std::to_string(r.iterations) + " iterations");
        if (r.underdetermined)
            warn("fewer modes matched than stiffnesses updated: the answer is the one nearest the starting structure");
        ShearFrame updated = r.frame;
        updated.name = initial.name + " (updated to target frequencies)";
        structure = dtop::Json{to_json(updated).dump()};
        const Modes m = dtop::structural::modes(updated.M(), updated.K());
        frequencies = Eigen::VectorXd(m.frequency_hz());

        const auto p = static_cast<Eigen::Index>(r.modes.size());
        Eigen::VectorXd number(p);
        for (Eigen::Index j = 0; j < p; ++j) number[j] = r.modes[static_cast<std::size_t>(j)];
        dtop::Table t;
        t.add("mode", "", number);
        t.add("target", "Hz", r.target_hz);
        t.add("before", "Hz", r.before_hz);
        t.add("after", "Hz", r.after_hz);
        t.add("error_before", "%", 100 * (r.before_hz.cwiseQuotient(r.target_hz).array() - 1).matrix());
        t.add("error_after", "%", 100 * (r.after_hz.cwiseQuotient(r.target_hz).array() - 1).matrix());
        if (target_shapes.is_connected()) t.add("mac", "", mac(*target_shapes, m.shapes, r.modes));
        table = t;

        auto list = [](const Eigen::VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); };
        nlohmann::json j{{"modes", r.modes},
                         {"stiffness_model", stiffness},
                         {"target_hz", list(r.target_hz)},
                         {"before_hz", list(r.before_hz)},
                         {"after_hz", list(r.after_hz)},
                         {"stiffness_before_N_per_m", list(initial.stiffness)},
                         {"stiffness_after_N_per_m", list(updated.stiffness)},
                         {"stiffness_ratio", list(r.stiffness_ratio)},
                         {"rms_relative_error_before", r.rms_before},
                         {"rms_relative_error_after", r.rms_after},
                         {"iterations", r.iterations},
                         {"converged", r.converged},
                         {"underdetermined", r.underdetermined}};
        result = dtop::Json{j.dump()};
        log("storey stiffness " + nlohmann::json(list(initial.stiffness)).dump() + " -> " + nlohmann::json(list(updated.stiffness)).dump() +
            " N/m; rms frequency error " + std::to_string(100 * r.rms_before) + " % -> " + std::to_string(100 * r.rms_after) + " %");
    }

    // Modal assurance criterion of each matched mode: target shape (column mode-1) against the
    // model's; NaN where the targets have no such column or the floors differ.
    static Eigen::VectorXd mac(const Eigen::MatrixXd& target, const Eigen::MatrixXd& model, const std::vector<int>& modes) {
        Eigen::VectorXd out(static_cast<Eigen::Index>(modes.size()));
        for (std::size_t j = 0; j < modes.size(); ++j) {
            const Eigen::Index c = modes[j] - 1;
            if (target.rows() != model.rows() || c >= target.cols()) {
                out[static_cast<Eigen::Index>(j)] = std::nan("");
                continue;
            }
            const double num = target.col(c).dot(model.col(c));
            out[static_cast<Eigen::Index>(j)] = num * num / (target.col(c).squaredNorm() * model.col(c).squaredNorm());
        }
        return out;
    }
};

DTOP_PLUGIN(FeUpdatePlugin)
