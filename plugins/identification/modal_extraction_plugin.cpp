// modal-extraction: natural frequencies, damping ratios and modal constants from an FRF by LSCF with a
// stabilisation diagram and LSFD (lib/lscf.hpp), with the circle fit per mode (lib/circle_fit.hpp), the
// reference platform's method, beside it as a baseline.
#include "circle_fit.hpp"
#include "frf_file.hpp"
#include "frf_series.hpp"
#include "lscf.hpp"

#include <nlohmann/json.hpp>

using namespace dtop::identification;

struct ModalExtraction : dtop::Node {
    double f_low = 3, f_high = 40;
    int64_t max_order = 40;
    int64_t modes = 0;
    int64_t input = 1;
    double circle_level = 0.5;

    dtop::In<dtop::Series> frf;
    dtop::Out<dtop::Table> table;
    dtop::Out<dtop::Json> result;
    dtop::Out<dtop::Series> synthesis;
    dtop::Out<Eigen::VectorXd> frequencies;
    dtop::Out<dtop::Series> markers;

    static void describe(dtop::Spec<ModalExtraction>& s) {
        s.name("modal-extraction").version("1.0.0").summary("Modal parameters from an FRF: LSCF + stabilisation diagram, circle fit as baseline");
        s.doc("LSCF (least-squares complex frequency domain, common denominator) for every even order up to max_order in "
              "[f_low, f_high]; poles stable between orders (1 % in frequency, 5 % in damping) are clustered, and a cluster "
              "seen at a quarter of the orders is a mode. Residues by LSFD with lower and upper residuals. The circle fit "
              "on the mobility of output `input` around each of the largest peaks is the baseline. The spreads are the "
              "standard deviation of a mode's estimates over the stable orders.");
        s.param("f_low", &ModalExtraction::f_low).unit("Hz").min(0).doc("band start (cut the noisy low end)");
        s.param("f_high", &ModalExtraction::f_high).unit("Hz").positive().doc("band end");
        s.param("max_order", &ModalExtraction::max_order).min(4).max(200).doc("highest LSCF order (even)");
        s.param("modes", &ModalExtraction::modes).min(0).max(100).doc("modes to keep, the strongest (0: every stable one)");
        s.param("input", &ModalExtraction::input).min(1).doc("output where the force acts (driving point, for the circle fit)");
        s.param("circle_level", &ModalExtraction::circle_level).positive().max(1).doc("circle fit: points down to this fraction of the peak");
        s.input("frf", &ModalExtraction::frf).unit("*").doc("the FRF (frf-file.frf or frf-estimate.frf)");
        s.output("table", &ModalExtraction::table).unit("*").doc("per mode: LSCF frequency, damping, spreads; circle-fit frequency and damping");
        s.output("result", &ModalExtraction::result).doc("modes, modal constants, fit error, the stabilisation diagram");
        s.output("synthesis", &ModalExtraction::synthesis).unit("*").doc("f (Hz) -> magnitude (dB) of the measured FRF and the LSFD model");
        s.output("frequencies", &ModalExtraction::frequencies).unit("Hz").doc("identified natural frequencies");
        s.output("markers", &ModalExtraction::markers).unit("*")
            .doc("the identified modes as points to mark on a magnitude plot: f (Hz) -> the measured magnitude (dB) there, per output");
    }

    void configure() override {
        if (f_high <= f_low) throw dtop::ParamError("f_high", "must be above f_low");
        if (max_order % 2 != 0) throw dtop::ParamError("max_order", "must be even");
    }

    void run() override {
        const FrfOfSeries h = frf_from_series(*frf);
        if (input > h.H.cols()) throw dtop::ParamError("input", "the FRF has " + std::to_string(h.H.cols()) + " outputs");
        StabilisationOptions o;
        o.f_low = f_low;
        o.f_high = f_high;
        o.max_order = static_cast<int>(max_order);
        ModalFit fit;
        try {
            fit = extract_modes(h.f_hz, h.H, h.quantity, o, static_cast<int>(modes));
        } catch (const std::invalid_argument& e) {
            throw dtop::ParamError("max_order", e.what());
        }
        const auto n = static_cast<Eigen::Index>(fit.modes.size());
        Eigen::VectorXd f(n), xi(n), fs(n), xis(n), cf(n), cxi(n);
        const Eigen::MatrixXcd Y = convert(h.f_hz, h.H, h.quantity, Quantity::mobility);
        nlohmann::json modes_json = nlohmann::json::array();
        for (Eigen::Index r = 0; r < n; ++r) {
            const IdentifiedMode& m = fit.modes[static_cast<std::size_t>(r)];
            f[r] = m.frequency_hz, xi[r] = m.damping, fs[r] = m.frequency_spread_hz, xis[r] = m.damping_spread;
            cf[r] = cxi[r] = std::nan("");
            nlohmann::json c = nlohmann::json::object();
            try {  // the baseline on the driving point's peak nearest this mode
                const auto peaks = peak_pick(h.f_hz, Y.col(input - 1).cwiseAbs(), m.frequency_hz - 0.5, m.frequency_hz + 0.5, 1);
                if (!peaks.empty()) {
                    const CircleMode cm = circle_fit(h.f_hz, Y.col(input - 1), peaks[0], circle_level);
                    cf[r] = cm.frequency_hz, cxi[r] = cm.damping;
                    c = {{"frequency_hz", cm.frequency_hz}, {"damping", cm.damping}, {"damping_spread", cm.damping_spread},
                         {"modal_constant", cm.modal_constant}, {"points", cm.points}, {"circle_error", cm.circle_error}};
                }
            } catch (const std::runtime_error& e) {
                warn(std::string("circle fit: ") + e.what());
            }
            modes_json.push_back({{"frequency_hz", m.frequency_hz}, {"frequency_spread_hz", m.frequency_spread_hz}, {"damping", m.damping},
                                  {"damping_spread", m.damping_spread}, {"stable_orders", m.stable_orders},
                                  {"modal_constant", std::vector<double>(m.modal_constant.data(), m.modal_constant.data() + m.modal_constant.size())},
                                  {"circle_fit", c}});
        }
        dtop::Table t;
        t.add("mode", "", Eigen::VectorXd::LinSpaced(n, 1, static_cast<double>(n)));
        t.add("lscf_frequency", "Hz", f);
        t.add("lscf_frequency_spread", "Hz", fs);
        t.add("lscf_damping", "%", 100 * xi);
        t.add("lscf_damping_spread", "%", 100 * xis);
        t.add("circle_frequency", "Hz", cf);
        t.add("circle_damping", "%", 100 * cxi);
        table = t;
        nlohmann::json diagram = nlohmann::json::array();
        for (const auto& order : fit.diagram)
            for (const Pole& p : order) diagram.push_back({p.order, p.frequency_hz, p.damping, p.stable});
        result = dtop::Json{nlohmann::json{{"method", "LSCF + stabilisation diagram, LSFD residues; circle fit baseline"},
                                           {"modes", modes_json},
                                           {"fit_error", std::vector<double>(fit.fit_error.data(), fit.fit_error.data() + fit.fit_error.size())},
                                           {"diagram_columns", {"order", "frequency_hz", "damping", "stable"}},
                                           {"diagram", diagram}}
                                .dump()};
        dtop::Series s = bode_series(h.f_hz, h.H, h.names, " measured");
        const dtop::Series model = bode_series(h.f_hz, fit.synthesis, h.names, " LSFD");
        for (Eigen::Index c = 0; c < model.channels(); ++c) s.add(model.names[static_cast<std::size_t>(c)], model.units[static_cast<std::size_t>(c)], model.y.col(c));
        synthesis = s;
        frequencies = f;
        dtop::Series mk;
        mk.x_name = "f";
        mk.x_unit = "Hz";
        mk.x = f;
        for (Eigen::Index c = 0; c < h.H.cols(); ++c) {
            Eigen::VectorXd level(n);
            for (Eigen::Index r = 0; r < n; ++r) {
                Eigen::Index k = 0;
                (h.f_hz.array() - f[r]).abs().minCoeff(&k);
                level[r] = 20 * std::log10(std::max(std::abs(h.H(k, c)), 1e-300));
            }
            mk.add(h.names[static_cast<std::size_t>(c)], "dB", level);
        }
        markers = mk;
        log(std::to_string(n) + " modes; LSFD fit error " + std::to_string(100 * fit.fit_error.maxCoeff()) + " % at most");
    }
};

DTOP_PLUGIN(ModalExtraction)
