// dvf: direct velocity feedback through the inertial actuator, with the optional electronic
// compensator (physics.md section 4). Stability from the closed-loop eigenvalues; an unstable loop
// is reported as such and its spectrum is not produced.
#include "control.hpp"
#include "modal_spectrum.hpp"
#include "plugin_common.hpp"

using namespace dtop::structural;

struct DvfPlugin : DeviceNode {
    double h = 5.0, Bl = 10.0, Ze = 8.0;
    bool compensator = false;
    double fpe = 6, zpe = 4, fc = 6, zc = 4;

    dtop::Out<dtop::Json> result;
    dtop::Out<dtop::Series> spectrum;
    dtop::Out<dtop::Series> open_loop;
    dtop::Out<Eigen::VectorXcd> eigenvalues;

    static void describe(dtop::Spec<DvfPlugin>& s) {
        s.name("dvf").version("1.0.0").summary("Direct velocity feedback through an inertial actuator, with stability and gain margin");
        s.doc("The device of section 2 used as an electrodynamic actuator fed back with its floor's velocity at "
              "gain h, optionally through a second-order compensator. Reports the kinetic-energy spectrum, its "
              "integral, RT, the control effort, the open-loop response L(w) for a Nyquist plot, the closed-loop "
              "eigenvalues, stability, the critical gain h_crit and the gain margin h_crit/h. An unstable loop "
              "has no spectrum: only its instability is reported.");
        DeviceNode::declare(s, "floor carrying the actuator, whose velocity is fed back");
        s.param("h", &DvfPlugin::h).min(0).doc("control gain");
        s.param("Bl", &DvfPlugin::Bl).unit("N/A").positive().doc("actuator force factor");
        s.param("Ze", &DvfPlugin::Ze).unit("Ohm").positive().doc("actuator coil impedance (for the effort)");
        s.param("compensator", &DvfPlugin::compensator).doc("use the electronic compensator");
        s.param("fpe", &DvfPlugin::fpe).unit("Hz").positive().doc("compensator: estimated device natural frequency");
        s.param("zpe", &DvfPlugin::zpe).unit("%").positive().doc("compensator: estimated device damping");
        s.param("fc", &DvfPlugin::fc).unit("Hz").positive().doc("compensator: compensated frequency");
        s.param("zc", &DvfPlugin::zc).unit("%").positive().doc("compensator: compensated damping");
        s.output("result", &DvfPlugin::result).doc("stable, h_crit, gain margin, integrated KE, RT, effort, spectrum");
        s.output("spectrum", &DvfPlugin::spectrum).unit("dB").doc("f (Hz) -> kinetic energy (dB), bare and with DVF (stable loops only)");
        s.output("open_loop", &DvfPlugin::open_loop).doc("f (Hz) -> real and imaginary parts of L(w) (Nyquist)");
        s.output("eigenvalues", &DvfPlugin::eigenvalues).unit("rad/s").doc("closed-loop eigenvalues");
    }
    DvfPlugin() { floor = 1; }

    void configure() override { check_common(); }

    void run() override {
        const ShearFrame f = frame();
        const Eigen::VectorXd hz = grid.hz(), w = 2 * M_PI * hz;
        const Assembled b = bare(f), s = with_device(f, device());
        const Actuator act{Bl, Ze};
        const Compensator comp{compensator, fpe, zpe / 100.0, fc, zc / 100.0};
        const StateSpace cl = dvf_closed_loop(s, h, act, comp);
        Eigen::EigenSolver<Eigen::MatrixXd> es(cl.A, false);
        const double abscissa = es.eigenvalues().real().maxCoeff();
        const bool stable = abscissa < 0;
        const double h_crit = dvf_critical_gain(s, act, comp);
        const Spectrum sb = passive_spectrum(b, hz);

        Spectrum sd;
        if (stable) {
            const Feedback G = [&](double wk) { return act.Bl * h * comp.at(wk); };  // f = -G v_s
            const std::optional<Spectrum> m = modal_spectrum(s, hz, act.effort_factor(s), G);
            sd = m ? *m : kinetic_energy(frequency_response(cl, w), s.floor_mass, hz, act.effort_factor(s));
        }
        nlohmann::json r = result_json(label.empty() ? std::string(compensator ? "dvf-compensated" : "dvf") : label, sd,
                                       sb.integrated, stable);
        r.update({{"floor", floor}, {"h", h}, {"compensator", compensator}, {"max_real_eigenvalue", abscissa},
                  {"h_crit", std::isinf(h_crit) ? nlohmann::json(nullptr) : nlohmann::json(h_crit)},
                  {"gain_margin", std::isinf(h_crit) ? nlohmann::json(nullptr) : nlohmann::json(h > 0 ? h_crit / h : HUGE_VAL)}});
        r["effort"] = stable ? nlohmann::json(sd.effort) : nlohmann::json(nullptr);
        result = dtop::Json{r.dump()};
        eigenvalues = Eigen::VectorXcd(es.eigenvalues());

        const Eigen::VectorXcd L = dvf_open_loop(s, h, act, comp, w);
        open_loop = nyquist_series(hz, L);

        if (stable) {
            dtop::Series sp = spectrum_series(sb, "bare");
            sp.add("dvf", "dB", sd.energy_db);
            spectrum = sp;
        } else {
            warn("UNSTABLE closed loop at h = " + std::to_string(h) + " on floor " + std::to_string(floor) +
                 " (largest real part of the eigenvalues " + std::to_string(abscissa) + " 1/s; critical gain " +
                 std::to_string(h_crit) + "): no spectrum is produced");
        }
    }
};

DTOP_PLUGIN(DvfPlugin)
