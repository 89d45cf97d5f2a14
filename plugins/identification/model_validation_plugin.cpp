// model-validation: scores a structure on data it was not fitted to. Time records: the floors'
// velocities simulated with the record's force against the recorded ones, relative RMS residual per
// floor. A measured FRF: the RMS dB error of the magnitude within half_width of each resonance, per
// floor and resonance.
#include "frf_fit.hpp"
#include "frf_series.hpp"
#include "lscf.hpp"
#include "plugin_common.hpp"
#include "record_fit.hpp"

#include <nlohmann/json.hpp>

using namespace dtop::identification;
using namespace dtop::structural;

struct ModelValidation : dtop::Node {
    dtop::Path structure_file{kDefaultStructure};
    std::string hold = "auto";
    double f_low = 3, f_high = 40, half_width = 0.5;
    int64_t input = 1;
    std::string label;

    dtop::In<dtop::Series> measured, force, frf;
    dtop::In<dtop::Json> structure;
    dtop::Out<dtop::Json> table;
    dtop::Out<dtop::Series> simulated, bode;

    static void describe(dtop::Spec<ModelValidation>& s) {
        s.name("model-validation").version("1.0.0").summary("Score a structure on a record or FRF it was not fitted to");
        s.doc("Records (`measured`, `force`): relative RMS residual of every floor's velocity, RMS(simulated - measured) / "
              "RMS(measured). FRF (`frf`): the resonances found by LSCF in [f_low, f_high], and per floor the RMS of "
              "20 log10 |H_model / H_measured| over the lines within half_width of each.");
        s.param("structure_file", &ModelValidation::structure_file).must_exist().doc("the structure scored, when `structure` is not wired");
        s.param("hold", &ModelValidation::hold).choices("auto|first-order|zero-order").doc("records: the force between samples (see model-update)");
        s.param("f_low", &ModelValidation::f_low).unit("Hz").min(0).doc("FRF: band searched for resonances");
        s.param("f_high", &ModelValidation::f_high).unit("Hz").positive().doc("FRF: band end");
        s.param("half_width", &ModelValidation::half_width).unit("Hz").positive().doc("FRF: half width of the band scored around each resonance");
        s.param("input", &ModelValidation::input).min(1).doc("floor the force acts on");
        s.param("label", &ModelValidation::label).doc("name of the model in the table");
        s.input("measured", &ModelValidation::measured).unit("m/s").optional().doc("records: the floors' velocities");
        s.input("force", &ModelValidation::force).unit("N").optional().doc("records: the force (first channel)");
        s.input("frf", &ModelValidation::frf).unit("*").optional().doc("a measured FRF");
        s.input("structure", &ModelValidation::structure).optional().doc("the structure (JSON), e.g. model-update.structure");
        s.output("table", &ModelValidation::table).doc("one record per floor (records) or per floor and resonance (FRF)");
        s.output("simulated", &ModelValidation::simulated).unit("*").doc("records: the model's floor velocities on the record's time base");
        s.output("bode", &ModelValidation::bode).unit("*").doc("FRF: magnitude (dB) and phase (deg) of the model at the measured lines");
    }

    void configure() override {
        if (measured.is_connected() != force.is_connected()) throw dtop::ParamError("force", "wire both `measured` and `force`, or `frf`");
        if (measured.is_connected() == frf.is_connected()) throw dtop::ParamError("frf", "wire either `measured` and `force` or `frf`");
        if (f_high <= f_low) throw dtop::ParamError("f_high", "must be above f_low");
    }

    void run() override {
        const ShearFrame frame = structure_of(structure, structure_file);
        if (input > frame.floors()) throw dtop::ParamError("input", "floor " + std::to_string(input) + " is outside the structure");
        const std::string name = label.empty() ? frame.name : label;
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        if (measured.is_connected()) {
            const dtop::Series& m = *measured;
            const dtop::Series& f = *force;
            if (m.size() != f.size() || m.size() < 2 || !m.x.isApprox(f.x, 1e-9))
                throw std::runtime_error("the records differ in length or sampling: 'measured' has " + std::to_string(m.size()) + " samples, 'force' " +
                                         std::to_string(f.size()));
            Record r;
            r.h = (m.x[m.size() - 1] - m.x[0]) / static_cast<double>(m.size() - 1);
            r.force = f.y.col(0);
            r.velocity = m.y;
            r.input = static_cast<int>(input);
            try {
                check_record(r, frame.floors());
            } catch (const std::invalid_argument& e) {
                throw std::runtime_error(std::string("the records: ") + e.what());
            }
            const Hold hd = hold == "auto" ? automatic_hold(r.force) : hold == "zero-order" ? Hold::zero_order : Hold::first_order;
            const Eigen::MatrixXd y = simulate(frame, r, hd);
            const Eigen::VectorXd e = relative_rms(r.velocity, y);
            dtop::Series sim;
            sim.x = m.x;
            for (Eigen::Index i = 0; i < e.size(); ++i) {
                rows.push_back({{"model", name}, {"channel", m.names[static_cast<std::size_t>(i)]}, {"hold", hd == Hold::zero_order ? "zero-order" : "first-order"},
                                {"relative_residual", e[i]}});
                sim.add(m.names[static_cast<std::size_t>(i)], m.units[static_cast<std::size_t>(i)], y.col(i));
            }
            simulated = sim;
        } else {
            const FrfOfSeries h = frf_from_series(*frf);
            if (h.H.cols() != frame.floors()) throw std::runtime_error("input 'frf' has " + std::to_string(h.H.cols()) + " outputs, the structure " +
                                                                       std::to_string(frame.floors()) + " floors");
            StabilisationOptions so;
            so.f_low = f_low;
            so.f_high = f_high;
            const ModalFit modal = extract_modes(h.f_hz, h.H, h.quantity, so, static_cast<int>(frame.floors()));
            const Eigen::MatrixXcd model = frequency_response(modal_model(frame), static_cast<int>(input), h.f_hz, h.quantity);
            for (const IdentifiedMode& md : modal.modes) {
                const Eigen::VectorXd e = db_error(h.H, model, lines_near(h.f_hz, {md.frequency_hz}, half_width));
                for (Eigen::Index c = 0; c < e.size(); ++c)
                    rows.push_back({{"model", name}, {"channel", h.names[static_cast<std::size_t>(c)]}, {"resonance_hz", md.frequency_hz}, {"db_error", e[c]}});
            }
            bode = bode_series(h.f_hz, model, h.names, "");  // same channel names as the measurement: plots overlay them
        }
        table = dtop::Json{rows.dump()};
    }
};

DTOP_PLUGIN(ModelValidation)
