// model-update: calibrates the chain's floor masses, storey stiffnesses and modal damping ratios to
// measurements: time records (the floors' velocities and the force at floor 1, output error) or a
// measured FRF (complex log error near its resonances, found by LSCF). Outputs the updated structure
// JSON that shear-frame, tmd, dvf, lqg and structure-sim read, and the parameters with their
// uncertainties.
#include "frf_fit.hpp"
#include "modal_fit.hpp"
#include "frf_series.hpp"
#include "lscf.hpp"
#include "plugin_common.hpp"
#include "record_fit.hpp"

#include <nlohmann/json.hpp>

using namespace dtop::identification;
using namespace dtop::structural;

struct ModelUpdate : dtop::Node {
    dtop::Path structure_file{kDefaultStructure};
    std::string hold = "auto";
    double first_window = 1.0;
    int64_t max_iterations = 100;
    double f_low = 3, f_high = 40, half_width = 0.5;
    std::string target = "frf";
    int64_t input = 1;

    dtop::In<dtop::Series> measured, force, frf;
    dtop::In<dtop::Json> start;
    dtop::Out<dtop::Json> structure, result;
    dtop::Out<dtop::Table> table;
    dtop::Out<Eigen::VectorXd> frequencies;

    static void describe(dtop::Spec<ModelUpdate>& s) {
        s.name("model-update").version("1.0.0").summary("Calibrate the structure's masses, stiffnesses and damping to records or a measured FRF");
        s.doc("Unknowns: ln of every floor mass, storey stiffness and modal damping ratio (one per mode). With `measured` "
              "and `force` wired: output error of the floor velocities simulated with the record's force, after a scan "
              "of one stiffness factor, on windows doubling from first_window to the whole record. With `frf` wired: "
              "LSCF finds the resonances in [f_low, f_high], then the complex log error within half_width of each (target: frf) "
              "or the identified frequencies, damping ratios and modal constants (target: modes). "
              "Uncertainties: standard errors from the Jacobian at the optimum (residuals taken as independent: for "
              "time records, whose residuals are correlated, a lower bound). The updated structure has modal damping.");
        s.param("structure_file", &ModelUpdate::structure_file).must_exist().doc("the starting structure, when `start` is not wired");
        s.param("hold", &ModelUpdate::hold).choices("auto|first-order|zero-order")
            .doc("records: the force between samples; auto: zero-order for a force that is one isolated sample (an impulse "
                 "of area F h), first-order (linear between samples) otherwise");
        s.param("first_window", &ModelUpdate::first_window).unit("s").positive().doc("records: the first continuation window");
        s.param("max_iterations", &ModelUpdate::max_iterations).min(1).max(10000).doc("Levenberg-Marquardt iterations at most (per window)");
        s.param("f_low", &ModelUpdate::f_low).unit("Hz").min(0).doc("FRF: band searched for resonances");
        s.param("f_high", &ModelUpdate::f_high).unit("Hz").positive().doc("FRF: band end");
        s.param("half_width", &ModelUpdate::half_width).unit("Hz").positive().doc("FRF: lines within this of a resonance are fitted");
        s.param("target", &ModelUpdate::target).choices("frf|modes")
            .doc("with `frf` wired: fit the FRF near its resonances (frf), or the modes LSCF + LSFD identify from it "
                 "(frequencies, damping ratios, modal constants: modes)");
        s.param("input", &ModelUpdate::input).min(1).doc("floor the force acts on");
        s.input("measured", &ModelUpdate::measured).unit("m/s").optional().doc("records: the floors' velocities dotx1..n");
        s.input("force", &ModelUpdate::force).unit("N").optional().doc("records: the force (first channel)");
        s.input("frf", &ModelUpdate::frf).unit("*").optional().doc("a measured FRF (frf-file.frf), outputs = floors");
        s.input("start", &ModelUpdate::start).optional().doc("the starting structure (JSON) instead of structure_file");
        s.output("structure", &ModelUpdate::structure).doc("the updated structure (JSON) for shear-frame, tmd, dvf, lqg, structure-sim");
        s.output("result", &ModelUpdate::result).doc("method, parameters before/after with standard errors, frequencies, costs");
        s.output("table", &ModelUpdate::table).unit("*").doc("per parameter: before, after, standard error (%)");
        s.output("frequencies", &ModelUpdate::frequencies).unit("Hz").doc("natural frequencies of the updated structure");
    }

    void configure() override {
        if (measured.is_connected() != force.is_connected())
            throw dtop::ParamError("force", "wire both `measured` and `force` (time records), or `frf`");
        if (measured.is_connected() == frf.is_connected())
            throw dtop::ParamError("frf", "wire either `measured` and `force` (time records) or `frf` (a measured FRF), not both or neither");
        if (f_high <= f_low) throw dtop::ParamError("f_high", "must be above f_low");
    }

    Record record() const {
        const dtop::Series& m = *measured;
        const dtop::Series& f = *force;
        if (m.size() != f.size())
            throw std::runtime_error("the records differ in length: 'measured' has " + std::to_string(m.size()) + " samples, 'force' " +
                                     std::to_string(f.size()));
        if (m.size() < 16) throw std::runtime_error("input 'measured': too short to fit (" + std::to_string(m.size()) + " samples)");
        if (!m.x.isApprox(f.x, 1e-9)) throw std::runtime_error("the records differ in sampling: 'measured' and 'force' have different time stamps");
        Record r;
        r.h = (m.x[m.size() - 1] - m.x[0]) / static_cast<double>(m.size() - 1);
        for (Eigen::Index k = 1; k < m.size(); ++k)
            if (std::abs(m.x[k] - m.x[k - 1] - r.h) > 1e-6 * r.h)
                throw std::runtime_error("input 'measured': not uniformly sampled (step " + std::to_string(m.x[k] - m.x[k - 1]) + " s at t = " +
                                         std::to_string(m.x[k]) + " s, " + std::to_string(r.h) + " s on average)");
        r.force = f.y.col(0);
        r.velocity = m.y;
        r.input = static_cast<int>(input);
        return r;
    }

    void run() override {
        const ShearFrame initial = structure_of(start, structure_file);
        if (input > initial.floors()) throw dtop::ParamError("input", "floor " + std::to_string(input) + " is outside the structure");
        FitSummary s;
        nlohmann::json extra;
        if (measured.is_connected()) {
            const Record r = record();
            RecordFitOptions o;
            o.hold = hold == "auto" ? automatic_hold(r.force) : hold == "zero-order" ? Hold::zero_order : Hold::first_order;
            o.first_window = first_window;
            o.max_iterations = static_cast<int>(max_iterations);
            try {
                s = fit_to_record(initial, r, o);
            } catch (const std::invalid_argument& e) {
                throw std::runtime_error(std::string("the records: ") + e.what());
            }
            extra["hold"] = o.hold == Hold::zero_order ? "zero-order" : "first-order";
            const Eigen::VectorXd before = relative_rms(r.velocity, simulate(initial, r, o.hold));
            const Eigen::VectorXd after = relative_rms(r.velocity, simulate(s.frame, r, o.hold));
            extra["relative_residual_before"] = std::vector<double>(before.data(), before.data() + before.size());
            extra["relative_residual_after"] = std::vector<double>(after.data(), after.data() + after.size());
        } else {
            const FrfOfSeries h = frf_from_series(*frf);
            StabilisationOptions so;
            so.f_low = f_low;
            so.f_high = f_high;
            const ModalFit modal = extract_modes(h.f_hz, h.H, h.quantity, so, static_cast<int>(initial.floors()));
            std::vector<double> res;
            for (const IdentifiedMode& m : modal.modes) res.push_back(m.frequency_hz);
            if (static_cast<Eigen::Index>(modal.modes.size()) < initial.floors())
                throw std::runtime_error("input 'frf': " + std::to_string(modal.modes.size()) + " modes identified in [f_low, f_high] for " +
                                         std::to_string(initial.floors()) + " floors; widen the band");
            FrfFitOptions o;
            o.half_width = half_width;
            o.input = static_cast<int>(input);
            o.max_iterations = static_cast<int>(max_iterations);
            try {
                s = target == "modes" ? fit_to_modes(initial, modal.modes, static_cast<int>(input), static_cast<int>(max_iterations))
                                      : fit_to_frf(initial, h.f_hz, h.H, h.quantity, res, o);
            } catch (const std::invalid_argument& e) {
                throw std::runtime_error(std::string("input 'frf': ") + e.what());
            }
            extra["identified_hz"] = res;
            const auto lines = lines_near(h.f_hz, res, half_width);
            const Eigen::VectorXd before = db_error(h.H, frequency_response(modal_model(initial), static_cast<int>(input), h.f_hz, h.quantity), lines);
            const Eigen::VectorXd after = db_error(h.H, frequency_response(modal_model(s.frame), static_cast<int>(input), h.f_hz, h.quantity), lines);
            extra["db_error_before"] = std::vector<double>(before.data(), before.data() + before.size());
            extra["db_error_after"] = std::vector<double>(after.data(), after.data() + after.size());
        }
        if (!s.converged)
            throw dtop::ParamError("max_iterations", "the fit did not converge in " + std::to_string(s.iterations) +
                                                         " iterations (mean squared relative residual " + std::to_string(s.cost_after) +
                                                         "); raise max_iterations, or check the data and the starting structure");
        structure = dtop::Json{to_json(s.frame).dump()};
        frequencies = s.frequency_hz;
        const Eigen::VectorXd x0 = parameters_of(initial), after = s.x.array().exp(), before = x0.array().exp();
        const auto names = parameter_names(initial.floors());
        dtop::Table t;
        t.add("parameter", "", Eigen::VectorXd::LinSpaced(s.x.size(), 1, static_cast<double>(s.x.size())));
        t.add("before", "*", before);
        t.add("after", "*", after);
        t.add("standard_error", "%", 100 * s.relative_error);
        table = t;
        auto list = [](const Eigen::VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); };
        nlohmann::json j{{"method", s.method},
                         {"parameters", names},
                         {"units", "kg (m), N/m (k), ratio (xi)"},
                         {"before", list(before)},
                         {"after", list(after)},
                         {"standard_error", list((s.relative_error.array() * after.array()).matrix())},
                         {"frequency_before_hz", list(s.frequency_before_hz)},
                         {"frequency_after_hz", list(s.frequency_hz)},
                         {"cost_before", s.cost_before},
                         {"cost_after", s.cost_after},
                         {"iterations", s.iterations},
                         {"converged", s.converged}};
        j.update(extra);
        result = dtop::Json{j.dump()};
        log("natural frequencies " + nlohmann::json(list(s.frequency_before_hz)).dump() + " -> " + nlohmann::json(list(s.frequency_hz)).dump() + " Hz");
    }
};

DTOP_PLUGIN(ModelUpdate)
