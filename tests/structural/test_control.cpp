// Active control (physics.md sections 4 and 5): DVF against the impedance form, its stability and
// critical gain, the compensator, and the LQG response against a direct solve of the 16-state loop.
#include "assembly.hpp"
#include "control.hpp"
#include "reference.hpp"
#include "spectrum.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace dtop::structural;
using namespace structural_test;

namespace {

Assembled rig_with_device(int floor) {
    Device d;
    d.floor = floor;
    return with_device(southampton(), d);
}

// Compensator C(w) by hand from physics.md section 4.
cd compensator_by_hand(double fpe, double zpe, double fc, double zc, double w) {
    const double wpe = 2 * pi * fpe, wc = 2 * pi * fc;
    return (wpe * wpe - w * w + cd(0, 2 * zpe * wpe * w)) / (wc * wc - w * w + cd(0, 2 * zc * wc * w));
}

// Direct solve of (jw I - A) x = B, outputs Cv x and Cu x.
Eigen::VectorXcd direct_state(const StateSpace& ss, double w) {
    Eigen::MatrixXcd Z = -ss.A.cast<cd>();
    Z.diagonal().array() += cd(0, w);
    return Z.fullPivLu().solve(ss.B.cast<cd>());
}

}  // namespace

TEST_CASE("structural: DVF at h = 0 gives the passive device's spectrum") {
    const Eigen::VectorXd f = FrequencyGrid{}.hz(), w = 2 * pi * f;
    for (int s = 1; s <= 3; ++s) {
        const Assembled a = rig_with_device(s);
        const Spectrum passive = kinetic_energy(frequency_response(mechanical(a), w), a.floor_mass, f);
        for (bool comp : {false, true}) {
            Compensator c;
            c.enabled = comp;
            c.fc_hz = 3.0;  // a compensator that is not 1, so h = 0 alone must remove the control
            const Response r = frequency_response(dvf_closed_loop(a, 0.0, Actuator{}, c), w);
            const Spectrum dvf = kinetic_energy(r, a.floor_mass, f);
            INFO("floor " << s << (comp ? " with compensator" : ""));
            CHECK((dvf.energy - passive.energy).cwiseAbs().maxCoeff() < 1e-10 * passive.energy.maxCoeff());
            CHECK(dvf.integrated == Approx(passive.integrated).epsilon(1e-10));
            CHECK(r.u.cwiseAbs().maxCoeff() == 0.0);
        }
    }
}

TEST_CASE("structural: the DVF closed loop matches the impedance jwM + C + K/jw + Bl C(w) h a e_s^T") {
    const Actuator act;
    const double h = 2.0;
    Eigen::VectorXd f(6);
    f << 1.5, 6.2, 7.0, 13.0, 20.0, 60.0;
    for (int s = 1; s <= 3; ++s) {
        const Assembled a = rig_with_device(s);
        Eigen::VectorXd es = Eigen::VectorXd::Zero(4);
        es[s - 1] = 1.0;
        for (bool enabled : {false, true}) {
            Compensator comp;
            comp.enabled = enabled;
            comp.fpe_hz = 6.5;
            comp.zpe = 0.0612;
            comp.fc_hz = 3.0;
            comp.zc = 0.5;
            const Response r = frequency_response(dvf_closed_loop(a, h, act, comp), 2 * pi * f);
            const Eigen::VectorXcd L = dvf_open_loop(a, h, act, comp, 2 * pi * f);
            for (Eigen::Index i = 0; i < f.size(); ++i) {
                const double w = 2 * pi * f[i];
                const cd Cw = enabled ? compensator_by_hand(6.5, 0.0612, 3.0, 0.5, w) : cd(1.0);
                const cd jw(0, w);
                const Eigen::MatrixXcd Z0 = jw * a.M.cast<cd>() + a.C.cast<cd>() + a.K.cast<cd>() / jw;
                const Eigen::MatrixXcd Zc = act.Bl * Cw * h * a.a.cast<cd>() * es.transpose().cast<cd>();
                const Eigen::VectorXcd v = (Z0 + Zc).fullPivLu().solve(a.bp.cast<cd>());
                const cd force = -act.Bl * Cw * h * v[s - 1];  // f = -Bl h C(w) v_s along a
                INFO("floor " << s << (enabled ? " with compensator" : "") << ", f = " << f[i] << " Hz");
                CHECK((r.v.row(i).transpose() - v.head(3)).norm() < 1e-9 * v.head(3).norm());
                CHECK(rel(r.u[i], force) < 1e-9);
                // L(w) = h Bl C(w) e_s^T Z0^-1 a
                const cd Lw = h * act.Bl * Cw * es.cast<cd>().dot(Z0.fullPivLu().solve(a.a.cast<cd>()));
                CHECK(rel(L[i], Lw) < 1e-9);
            }
        }
    }
}

TEST_CASE("structural: DVF at h = 5 is stable on floor 1 and unstable on floors 2 and 3") {
    const Actuator act;
    const Compensator comp;
    CHECK(stability_abscissa(dvf_closed_loop(rig_with_device(1), 5.0, act, comp).A) < 0);
    CHECK(stability_abscissa(dvf_closed_loop(rig_with_device(2), 5.0, act, comp).A) > 0);
    CHECK(stability_abscissa(dvf_closed_loop(rig_with_device(3), 5.0, act, comp).A) > 0);
}

TEST_CASE("structural: the DVF critical gain on floor 1 is where stability is lost and 1 + L reaches 0") {
    const Assembled a = rig_with_device(1);
    const Actuator act;
    const Compensator comp;
    const double hc = dvf_critical_gain(a, act, comp);
    REQUIRE(std::isfinite(hc));
    CHECK(hc > 5.0);  // h = 5 is stable on floor 1
    CHECK(stability_abscissa(dvf_closed_loop(a, 0.999 * hc, act, comp).A) < 0);
    CHECK(stability_abscissa(dvf_closed_loop(a, 1.001 * hc, act, comp).A) > 0);
    // Nyquist: at the critical gain L(jw) passes through -1 at the crossing frequency.
    const Eigen::VectorXd f = Eigen::VectorXd::LinSpaced(30001, 5.0, 8.0);
    const Eigen::VectorXcd L = dvf_open_loop(a, hc, act, comp, 2 * pi * f);
    Eigen::Index imin = 0;
    const double closest = (L.array() + 1.0).abs().minCoeff(&imin);
    INFO("closest |1 + L| = " << closest << " at " << f[imin] << " Hz");
    CHECK(closest < 0.02);
    // at half the gain L stays well away from -1
    const Eigen::VectorXcd Lh = dvf_open_loop(a, 0.5 * hc, act, comp, 2 * pi * f);
    CHECK((Lh.array() + 1.0).abs().minCoeff() > 0.2);
}

TEST_CASE("structural: a compensator with fpe = fc and zpe = zc is 1 and a disabled one is 1") {
    Compensator c;
    c.enabled = true;
    c.fpe_hz = c.fc_hz = 4.3;
    c.zpe = c.zc = 0.07;
    Compensator off;
    off.enabled = false;
    off.fpe_hz = 6.5;
    off.fc_hz = 2.0;
    off.zc = 0.7;
    for (double w : {0.5, 10.0, 2 * pi * 4.3, 100.0, 1000.0}) {
        CHECK(std::abs(c.at(w) - 1.0) < 1e-14);
        CHECK(off.at(w) == cd(1.0));
    }
    // and the general case is the second-order filter of physics.md
    Compensator g;
    g.enabled = true;
    g.fpe_hz = 6.5;
    g.zpe = 0.0612;
    g.fc_hz = 3.0;
    g.zc = 0.5;
    for (double w : {1.0, 40.0, 2 * pi * 6.5, 300.0}) CHECK(rel(g.at(w), compensator_by_hand(6.5, 0.0612, 3.0, 0.5, w)) < 1e-14);
    // with C = 1 the compensated closed loop behaves as the plain one
    const Assembled a = rig_with_device(1);
    Eigen::VectorXd w(4);
    w << 10.0, 40.0, 44.7, 150.0;
    const Response plain = frequency_response(dvf_closed_loop(a, 5.0, Actuator{}, Compensator{}), w);
    const Response unity = frequency_response(dvf_closed_loop(a, 5.0, Actuator{}, c), w);
    CHECK((plain.v - unity.v).norm() < 1e-10 * plain.v.norm());
    CHECK((plain.u - unity.u).norm() < 1e-10 * plain.u.norm());
}

TEST_CASE("structural: lqg_response agrees with a direct solve of the 16-state closed loop") {
    const Actuator act;
    Eigen::VectorXd f(7);
    f << 1.0, 5.0, 7.11, 12.0, 19.93, 28.8, 80.0;
    const Eigen::VectorXd w = 2 * pi * f;
    for (int s = 1; s <= 3; ++s) {
        const Assembled a = rig_with_device(s);
        const LqgDesign d = design_lqg(a, LqgWeights{}, act);
        const Response r = lqg_response(a, d, act, w);
        REQUIRE(r.v.rows() == f.size());
        REQUIRE(r.v.cols() == 3);
        REQUIRE(r.u.size() == f.size());
        for (Eigen::Index i = 0; i < f.size(); ++i) {
            const Eigen::VectorXcd x = direct_state(d.closed, w[i]);
            const Eigen::VectorXcd v = d.closed.Cv.cast<cd>() * x;
            const cd u = (d.closed.Cu.cast<cd>() * x)(0, 0);
            INFO("floor " << s << ", f = " << f[i] << " Hz");
            CHECK((r.v.row(i).transpose() - v).norm() < 1e-8 * v.norm());
            CHECK(rel(r.u[i], u) < 1e-8);
        }
    }
}

TEST_CASE("structural: the LQG gain margin is where the loop with the actuator gain scaled becomes unstable") {
    const ShearFrame frame = southampton();
    for (int floor : {1, 3}) {
        Device d;
        d.floor = floor;
        const Assembled s = with_device(frame, d);
        const Actuator act;
        const LqgDesign design = design_lqg(s, LqgWeights{}, act);
        // gain 1 is the designed loop
        CHECK((lqg_closed_loop(s, design, act, 1.0).A - design.closed.A).norm() == 0.0);
        const double g = lqg_gain_margin(s, design, act);
        INFO("floor " << floor << " margin " << g);
        REQUIRE(g > 1.0);
        if (std::isfinite(g)) {
            CHECK(stability_abscissa(lqg_closed_loop(s, design, act, 0.999 * g).A) < 0);
            CHECK(stability_abscissa(lqg_closed_loop(s, design, act, 1.001 * g).A) >= 0);
        }
        // The open loop L = -G_ya K_c closes as 1 / (1 + L): with it, y = G_yp / (1 + L) equals the
        // closed-loop response's measured velocity (floor velocity of the device's floor).
        const Eigen::VectorXd w = 2 * M_PI * Eigen::Vector3d(3.0, 7.0, 20.0);
        const Eigen::VectorXcd L = lqg_open_loop(s, design, act, w);
        const StateSpace plant = mechanical(s);
        Eigen::RowVectorXd C = Eigen::RowVectorXd::Zero(plant.A.rows());
        C[s.dofs() + floor - 1] = 1.0;
        const Eigen::VectorXcd gyp = transfer(plant.A, plant.B, C, w);
        const Response closed = lqg_response(s, design, act, w);
        for (Eigen::Index k = 0; k < w.size(); ++k)
            CHECK(std::abs(gyp[k] / (1.0 + L[k]) - closed.v(k, floor - 1)) < 1e-8 * std::abs(closed.v(k, floor - 1)));
    }
}
