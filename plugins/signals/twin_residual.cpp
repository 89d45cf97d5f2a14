// twin-residual: how far a model is from the measurements. Per channel (matched by name): RMS of the
// measured and simulated signals and of their difference, and the resonance frequencies seen in each,
// estimated from the data (peaks of Welch's spectrum; lines of a harmonic force are excluded when the
// force is wired).
#include "spectral.hpp"

#include <dtop/plugin.hpp>

#include <nlohmann/json.hpp>

#include <cmath>

using namespace dtop::signals;

struct TwinResidual : dtop::Node {
    double segment = 8.192;
    double f_min = 1, f_max = 100;
    int64_t peaks = 3;

    dtop::In<dtop::Series> measured, simulated, force;
    dtop::Out<dtop::Json> table;
    dtop::Out<dtop::Series> residual;
    dtop::Out<dtop::Series> spectra;

    static void describe(dtop::Spec<TwinResidual>& s) {
        s.name("twin-residual").version("1.0.0").summary("Measured vs simulated: RMS residual and resonances seen in each, per channel");
        s.doc("Channels are matched by name (e.g. dotx1..dotx3 from a replayed record and from structure-sim); "
              "both series must share their time base (one co-simulation clock). Resonances are the `peaks` most "
              "prominent maxima of each channel's Welch spectrum (Hann window, `segment` seconds, 50 % overlap) "
              "between f_min and f_max, refined by a parabola; with `force` wired, narrow lines of the force "
              "(a harmonic excitation) are not taken for resonances.");
        s.param("segment", &TwinResidual::segment).unit("s").positive().doc("Welch segment length (frequency resolution 1/segment)");
        s.param("f_min", &TwinResidual::f_min).unit("Hz").min(0).doc("resonances searched from here");
        s.param("f_max", &TwinResidual::f_max).unit("Hz").positive().doc("... to here");
        s.param("peaks", &TwinResidual::peaks).min(1).max(20).doc("number of resonances to report per channel");
        s.input("measured", &TwinResidual::measured).unit("*").doc("the recorded signals");
        s.input("simulated", &TwinResidual::simulated).unit("*").doc("the model's signals, same names");
        s.input("force", &TwinResidual::force).unit("*").optional().doc("the excitation (to tell forcing lines from resonances)");
        s.output("table", &TwinResidual::table).doc("one record per channel: RMS measured, simulated, residual; resonances (Hz)");
        s.output("residual", &TwinResidual::residual).unit("*").doc("measured - simulated, every channel");
        s.output("spectra", &TwinResidual::spectra).unit("*").doc("f (Hz) -> Welch spectra (dB) of measured and simulated channels");
    }

    void configure() override {
        if (f_max <= f_min) throw dtop::ParamError("f_max", "must be above f_min");
    }

    static std::string list(const std::vector<double>& v) {
        std::string s;
        char buf[32];
        for (double x : v) {
            std::snprintf(buf, sizeof buf, "%.2f", x);
            s += (s.empty() ? "" : ", ") + std::string(buf);
        }
        return s;
    }

    void run() override {
        const dtop::Series& m = *measured;
        const dtop::Series& s = *simulated;
        if (m.size() != s.size() || m.size() < 4 || !m.x.isApprox(s.x, 1e-9))
            throw std::runtime_error("measured (" + std::to_string(m.size()) + " samples) and simulated (" + std::to_string(s.size()) +
                                     ") do not share a time base; drive both from one co-simulation");
        const double dt = (m.x[m.size() - 1] - m.x[0]) / static_cast<double>(m.size() - 1);
        const double fs = 1.0 / dt;
        const auto seg = static_cast<Eigen::Index>(std::llround(segment * fs));
        std::vector<bool> lines;
        if (force.is_connected()) {
            const Psd pf = welch(force->y, fs, seg);
            lines = forcing_lines(pf.f, pf.power.col(0), f_min, f_max);
        }
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        dtop::Series res, sp;
        res.x_name = m.x_name;
        res.x_unit = m.x_unit;
        res.x = m.x;
        sp.x_name = "f";
        sp.x_unit = "Hz";
        for (Eigen::Index c = 0; c < m.channels(); ++c) {
            const Eigen::Index k = s.find(m.names[static_cast<std::size_t>(c)]);
            if (k < 0) continue;
            const std::string& um = m.units[static_cast<std::size_t>(c)];
            const std::string& us = s.units[static_cast<std::size_t>(k)];
            if (um != us)  // ports accept any unit, so the plugin compares them (no silent mm/s - m/s)
                throw std::runtime_error("channel '" + m.names[static_cast<std::size_t>(c)] + "' is in '" + um + "' on input 'measured' but in '" +
                                         us + "' on input 'simulated'; give both the same unit");
            const Eigen::VectorXd a = m.y.col(c), b = s.y.col(k), d = a - b;
            const auto rms = [](const Eigen::VectorXd& v) { return std::sqrt(v.squaredNorm() / static_cast<double>(v.size())); };
            Eigen::MatrixXd both(a.size(), 2);
            both << a, b;
            const Psd p = welch(both, fs, seg);
            const auto rm = resonances(p.f, p.power.col(0), f_min, f_max, static_cast<int>(peaks), lines);
            const auto rs = resonances(p.f, p.power.col(1), f_min, f_max, static_cast<int>(peaks), lines);
            const std::string& name = m.names[static_cast<std::size_t>(c)];
            rows.push_back({{"channel", name},
                            {"rms_measured", rms(a)},
                            {"rms_simulated", rms(b)},
                            {"rms_residual", rms(d)},
                            {"relative_residual", rms(d) / std::max(rms(a), 1e-300)},
                            {"resonances_measured_hz", list(rm)},
                            {"resonances_simulated_hz", list(rs)}});
            res.add(name, m.units[static_cast<std::size_t>(c)], d);
            if (sp.x.size() == 0) sp.x = p.f;
            sp.add(name + " measured", "dB", 10.0 * p.power.col(0).array().max(1e-300).log10().matrix());
            sp.add(name + " simulated", "dB", 10.0 * p.power.col(1).array().max(1e-300).log10().matrix());
        }
        if (rows.empty()) throw std::runtime_error("no channel name is in both measured and simulated");
        table = dtop::Json{rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
        residual = res;
        spectra = sp;
    }
};

DTOP_PLUGIN(TwinResidual)
