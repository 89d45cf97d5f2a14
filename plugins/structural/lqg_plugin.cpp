// lqg: LQR plus Kalman filter through the inertial actuator (physics.md section 5), with our own
// Riccati solver (residuals reported), evaluated under the same primary force as every other strategy.
#include "control.hpp"
#include "modal_spectrum.hpp"
#include "plugin_common.hpp"

#include <cmath>

using namespace dtop::structural;

struct LqgPlugin : DeviceNode {
    double q = 200, r = 0.1, Qn = 1, Rn = 1e-12, Bl = 10.0, Ze = 8.0;

    dtop::Out<dtop::Json> result;
    dtop::Out<dtop::Series> spectrum;
    dtop::Out<Eigen::VectorXd> K;
    dtop::Out<Eigen::VectorXd> L;
    dtop::Out<Eigen::VectorXcd> eigenvalues;
    dtop::Out<dtop::Series> open_loop;

    static void describe(dtop::Spec<LqgPlugin>& s) {
        s.name("lqg").version("1.0.0").summary("LQG control (LQR + Kalman filter) through an inertial actuator");
        s.doc("LQR with Q = q I (proof-mass states left out), R = r, on the device force; a Kalman filter measuring "
              "the floor's velocity with process noise through G and covariances Qn, Rn. Both Riccati equations are "
              "solved here (Hamiltonian + Newton-Kleinman) and their relative residuals reported. The closed loop "
              "(plant + observer) is evaluated under the unit force at floor 1, like every strategy. The gain "
              "margin is the smallest factor >= 1 on the actuator's force (the observer unaware) that destabilises "
              "the loop; the open loop is broken at the actuator.");
        DeviceNode::declare(s, "floor carrying the actuator, whose velocity is measured");
        s.param("q", &LqgPlugin::q).positive().doc("LQR state weight");
        s.param("r", &LqgPlugin::r).positive().doc("LQR control weight");
        s.param("Qn", &LqgPlugin::Qn).positive().doc("Kalman process noise covariance");
        s.param("Rn", &LqgPlugin::Rn).positive().doc("Kalman measurement noise covariance");
        s.param("Bl", &LqgPlugin::Bl).unit("N/A").positive().doc("actuator force factor");
        s.param("Ze", &LqgPlugin::Ze).unit("Ohm").positive().doc("actuator coil impedance (for the effort)");
        s.output("result", &LqgPlugin::result).doc("stable, Riccati residuals, integrated KE, RT, effort, spectrum");
        s.output("spectrum", &LqgPlugin::spectrum).unit("dB").doc("f (Hz) -> kinetic energy (dB), bare and with LQG (stable loops only)");
        s.output("K", &LqgPlugin::K).doc("LQR gain (u = -K x_hat)");
        s.output("L", &LqgPlugin::L).doc("Kalman gain");
        s.output("eigenvalues", &LqgPlugin::eigenvalues).unit("rad/s").doc("closed-loop eigenvalues (plant + observer)");
        s.output("open_loop", &LqgPlugin::open_loop).doc("f (Hz) -> real and imaginary parts of the loop L(w) broken at the actuator (Nyquist)");
    }
    LqgPlugin() { floor = 3; }

    void configure() override { check_common(); }

    void run() override {
        const ShearFrame f = frame();
        const Eigen::VectorXd hz = grid.hz(), w = 2 * M_PI * hz;
        const Assembled b = bare(f), s = with_device(f, device());
        const Actuator act{Bl, Ze};
        const LqgDesign d = design_lqg(s, LqgWeights{q, r, Qn, Rn}, act);
        Eigen::EigenSolver<Eigen::MatrixXd> es(d.closed.A, false);
        const double abscissa = es.eigenvalues().real().maxCoeff();
        const bool stable = abscissa < 0;
        const Spectrum sb = passive_spectrum(b, hz);
        Spectrum sl;
        if (stable) sl = kinetic_energy(lqg_response(s, d, act, w), s.floor_mass, hz, act.effort_factor(s));
        nlohmann::json j = result_json(label.empty() ? "lqg" : label, sl, sb.integrated, stable);
        const double margin = lqg_gain_margin(s, d, act);
        j.update({{"floor", floor}, {"max_real_eigenvalue", abscissa}, {"lqr_residual", d.lqr.residual},
                  {"gain_margin", std::isinf(margin) ? nlohmann::json(nullptr) : nlohmann::json(margin)},
                  {"kalman_residual", d.kalman.residual},
                  {"K", std::vector<double>(d.K.data(), d.K.data() + d.K.size())},
                  {"L", std::vector<double>(d.L.data(), d.L.data() + d.L.size())}});
        j["effort"] = stable ? nlohmann::json(sl.effort) : nlohmann::json(nullptr);
        result = dtop::Json{j.dump()};
        const Eigen::VectorXcd Lw = lqg_open_loop(s, d, act, w);
        open_loop = nyquist_series(hz, Lw);
        K = Eigen::VectorXd(d.K.transpose());
        L = d.L;
        eigenvalues = Eigen::VectorXcd(es.eigenvalues());
        if (d.lqr.residual > 1e-8 || d.kalman.residual > 1e-8)
            warn("Riccati residuals are large: LQR " + std::to_string(d.lqr.residual) + ", Kalman " + std::to_string(d.kalman.residual));
        if (stable) {
            dtop::Series sp = spectrum_series(sb, "bare");
            sp.add("lqg", "dB", sl.energy_db);
            spectrum = sp;
        } else {
            warn("UNSTABLE closed loop (largest real part " + std::to_string(abscissa) + " 1/s): no spectrum is produced");
        }
    }
};

DTOP_PLUGIN(LqgPlugin)
