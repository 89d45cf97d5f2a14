// The kinetic-energy metric (physics.md section 3): a single DOF against its closed form, the
// trapezoid, the frequency grid, power balance of the passive systems, and the vanishing-TMD limit.
#include "assembly.hpp"
#include "reference.hpp"
#include "spectrum.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace dtop::structural;
using namespace structural_test;
using Catch::Matchers::StartsWith;

namespace {

ShearFrame sdof(double m, double k, double xi) {
    ShearFrame f;
    f.mass = Eigen::VectorXd::Constant(1, m);
    f.stiffness = Eigen::VectorXd::Constant(1, k);
    f.damping_ratio = xi;
    return f;
}

Spectrum spectrum_of(const Assembled& s, const Eigen::VectorXd& f_hz) {
    return kinetic_energy(frequency_response(mechanical(s), 2 * pi * f_hz), s.floor_mass, f_hz);
}

// The state space of s with every DOF's velocity as output.
StateSpace all_velocities(const Assembled& s) {
    StateSpace ss = mechanical(s);
    const Eigen::Index n = s.dofs();
    ss.Cv = Eigen::MatrixXd::Zero(n, 2 * n);
    ss.Cv.rightCols(n).setIdentity();
    return ss;
}

}  // namespace

TEST_CASE("structural: a single DOF's energy is 1/4 m |v|^2 with v = 1/(c + j(wm - k/w))") {
    // m = 2 kg, 10 Hz, xi = 0.2: c = 2 xi sqrt(k m) (either damping model, one storey)
    const double m = 2.0, k = m * std::pow(2 * pi * 10.0, 2), xi = 0.2, c = 2 * xi * std::sqrt(k * m);
    const Assembled s = bare(sdof(m, k, xi));
    Eigen::VectorXd f(8);
    f << 1.0, 3.3, 9.0, 10.0, 10.7, 25.0, 70.0, 400.0;
    const Spectrum sp = spectrum_of(s, f);
    REQUIRE(sp.energy.size() == f.size());
    for (Eigen::Index i = 0; i < f.size(); ++i) {
        const double w = 2 * pi * f[i];
        const cd v = 1.0 / cd(c, w * m - k / w);
        const double T = 0.25 * m * std::norm(v);
        INFO("f = " << f[i] << " Hz");
        CHECK(sp.energy[i] == Approx(T).epsilon(1e-10));
        CHECK(sp.energy_db[i] == Approx(20 * std::log10(T)).epsilon(1e-10));
        CHECK(sp.w[i] == Approx(w).epsilon(1e-15));
    }
}

TEST_CASE("structural: a single DOF's integrated energy approaches pi/(8c)") {
    // integral_0^inf dw / (c^2 + (w m - k/w)^2) = pi / (2 c m), so IntKE -> m/4 * pi/(2 c m) = pi/(8c).
    const double m = 2.0, k = m * std::pow(2 * pi * 10.0, 2), xi = 0.2, c = 2 * xi * std::sqrt(k * m);
    const Assembled s = bare(sdof(m, k, xi));
    const FrequencyGrid grid{0.01, 1000.0, 0.01};
    const Eigen::VectorXd f = grid.hz();
    REQUIRE(f.size() == 100000);
    const double integrated = spectrum_of(s, f).integrated, exact = pi / (8 * c);
    CHECK(integrated == Approx(exact).epsilon(0.01));
    // The grid misses two tails: below w_a, |v|^2 ~ w^2/k^2, so m/4 * w_a^3 / (3 k^2); above w_b,
    // |v|^2 ~ 1/(m w)^2, so m/4 / (m^2 w_b). With them added back the match is far tighter.
    const double wa = 2 * pi * f[0], wb = 2 * pi * f[f.size() - 1];
    const double tails = 0.25 * m * wa * wa * wa / (3 * k * k) + 0.25 / (m * wb);
    CHECK(integrated + tails == Approx(exact).epsilon(1e-4));
    CHECK(integrated < exact);
}

TEST_CASE("structural: the trapezoid is exact on a linear function and has the h^2 error on x^2") {
    Eigen::VectorXd x(6), y(6);
    x << 0.0, 0.1, 0.5, 1.7, 2.0, 3.3;  // uneven steps
    y = 3.0 * x.array() - 2.0;
    CHECK(trapezoid(y, x) == Approx(1.5 * 3.3 * 3.3 - 2.0 * 3.3).epsilon(1e-14));
    // uniform step h on [a, b]: trapezoid of x^2 = (b^3 - a^3)/3 + h^2 (b - a)/6
    const double a = 1.0, b = 3.0, h = 0.25;
    const Eigen::VectorXd u = Eigen::VectorXd::LinSpaced(9, a, b);
    CHECK(trapezoid(u.array().square().matrix(), u) == Approx((b * b * b - a * a * a) / 3 + h * h * (b - a) / 6).epsilon(1e-14));
    CHECK(trapezoid(Eigen::VectorXd::Ones(1), Eigen::VectorXd::Ones(1)) == 0.0);
}

TEST_CASE("structural: the default frequency grid has 9901 points from 1 to 100 Hz") {
    const FrequencyGrid g;
    const Eigen::VectorXd f = g.hz();
    REQUIRE(f.size() == 9901);
    CHECK(f[0] == 1.0);
    CHECK(f[9900] == Approx(100.0).epsilon(1e-14));
    CHECK(f[1] - f[0] == Approx(0.01).epsilon(1e-10));
    CHECK(f[5000] == Approx(51.0).epsilon(1e-14));
}

TEST_CASE("structural: bad frequency grids throw naming the parameter first") {
    auto message = [](FrequencyGrid g) { return invalid_argument_message([&] { g.check(); }); };
    auto message_hz = [](FrequencyGrid g) { return invalid_argument_message([&] { g.hz(); }); };
    CHECK_THAT(message({1.0, 100.0, 0.0}), StartsWith("f_step:"));
    CHECK_THAT(message({1.0, 100.0, -0.01}), StartsWith("f_step:"));
    CHECK_THAT(message({10.0, 10.0, 0.01}), StartsWith("f_stop:"));
    CHECK_THAT(message({10.0, 5.0, 0.01}), StartsWith("f_stop:"));
    CHECK_THAT(message({0.0, 100.0, 0.01}), StartsWith("f_start:"));
    CHECK_THAT(message({-1.0, 100.0, 0.01}), StartsWith("f_start:"));
    CHECK_THAT(message_hz({1.0, 100.0, 0.0}), StartsWith("f_step:"));
    CHECK_THAT(message_hz({0.0, 100.0, 0.01}), StartsWith("f_start:"));
    CHECK(message({1.0, 100.0, 0.01}) == "<none>");
}

TEST_CASE("structural: the rig's frequency response and IntKE match a direct impedance solve") {
    const Assembled s = bare(southampton());
    const Eigen::VectorXd f = FrequencyGrid{}.hz();
    const Response r = frequency_response(mechanical(s), 2 * pi * f);
    REQUIRE(r.v.rows() == f.size());
    REQUIRE(r.v.cols() == 3);
    CHECK(r.u.size() == 0);
    double worst = 0;
    for (Eigen::Index i = 0; i < f.size(); i += 7) {
        const Eigen::VectorXcd v = velocity(s.M, s.C, s.K, s.bp.cast<cd>(), 2 * pi * f[i]);
        worst = std::max(worst, (r.v.row(i).transpose() - v).norm() / v.norm());
    }
    CHECK(worst < 1e-9);
    const double mine = intke(s.M, s.C, s.K, s.bp, s.floor_mass, f);
    CHECK(kinetic_energy(r, s.floor_mass, f).integrated == Approx(mine).epsilon(1e-9));
}

TEST_CASE("structural: input power 1/2 Re(v1) equals dissipated power 1/2 v^H C v for the passive systems") {
    const ShearFrame frame = southampton();
    Eigen::VectorXd f(9);
    f << 2.0, 6.5, 7.11, 12.0, 19.93, 24.0, 28.8, 45.0, 90.0;
    const Eigen::VectorXd w = 2 * pi * f;
    for (int s = 0; s <= 3; ++s) {
        Assembled a = bare(frame);
        if (s > 0) {
            Device d;
            d.floor = s;
            a = with_device(frame, d);
        }
        const Response r = frequency_response(all_velocities(a), w);
        REQUIRE(r.v.cols() == a.dofs());
        for (Eigen::Index i = 0; i < f.size(); ++i) {
            const Eigen::VectorXcd v = r.v.row(i).transpose();
            const double input = 0.5 * v[0].real();
            const double dissipated = 0.5 * (v.adjoint() * a.C.cast<cd>() * v)(0, 0).real();
            INFO("device floor " << s << " (0: bare), f = " << f[i] << " Hz, input " << input << " W, dissipated "
                                  << dissipated << " W, |v1| " << std::abs(v[0]));
            CHECK(input > 0);
            // Exact for the exact v (Re v^H Z v = v^H C v, M and K give imaginary parts only), but far
            // from resonance Re(v1) is ~1e-3 of |v1|, so v's rounding (~1e-13 of |v|) is amplified in
            // the balance: compare on the scale of |v1|, which is what the response is accurate to.
            CHECK(std::abs(dissipated - input) <= 1e-11 * 0.5 * std::abs(v[0]));
        }
    }
}

TEST_CASE("structural: a TMD of vanishing mass leaves IntKE of the bare structure") {
    const ShearFrame frame = southampton();
    const Eigen::VectorXd f = FrequencyGrid{}.hz();
    const Assembled b = bare(frame);
    const double bare_ke = spectrum_of(b, f).integrated;
    for (int s = 1; s <= 3; ++s) {
        Device d;
        d.floor = s;
        d.mb = 0;
        d.mp = 1e-9;
        d.kp = d.mp * std::pow(2 * pi * 6.5, 2);         // keeps 6.5 Hz
        d.cp = 2 * 0.0612 * std::sqrt(d.kp * d.mp);        // keeps 6.12 %
        CHECK(d.frequency_hz() == Approx(6.5).epsilon(1e-12));
        const Assembled a = with_device(frame, d);
        INFO("device floor " << s);
        CHECK(spectrum_of(a, f).integrated == Approx(bare_ke).epsilon(1e-6));
    }
}

TEST_CASE("structural: the default device is tuned to 6.50 Hz with 6.12 % damping") {
    const Device d;
    CHECK(d.mb == 0.5);
    CHECK(d.mp == 1.0);
    CHECK(d.frequency_hz() == Approx(6.50).margin(0.005));
    CHECK(d.damping_ratio() * 100 == Approx(6.12).margin(0.005));
    // by hand: sqrt(1670)/2pi and 5/(2 sqrt(1670))
    CHECK(d.frequency_hz() == Approx(std::sqrt(1670.0) / (2 * pi)).epsilon(1e-14));
    CHECK(d.damping_ratio() == Approx(5.0 / (2 * std::sqrt(1670.0))).epsilon(1e-14));
}

TEST_CASE("structural: reduction_db and stability_abscissa follow their definitions") {
    CHECK(reduction_db(1.0, 10.0) == Approx(10.0).epsilon(1e-14));
    CHECK(reduction_db(0.5, 1.0) == Approx(10 * std::log10(2.0)).epsilon(1e-14));
    CHECK(reduction_db(2.0, 1.0) < 0);
    Eigen::Matrix2d A;
    A << -1, 5, -5, -1;  // eigenvalues -1 +- 5j
    CHECK(stability_abscissa(A) == Approx(-1.0).epsilon(1e-12));
    A << -3, 0, 1, 0.5;  // eigenvalues -3 and 0.5
    CHECK(stability_abscissa(A) == Approx(0.5).epsilon(1e-12));
}

TEST_CASE("structural: a grid whose step does not divide the range stops before f_stop") {
    const Eigen::VectorXd f = FrequencyGrid{1.0, 2.0, 0.4}.hz();
    REQUIRE(f.size() == 3);
    CHECK(f[2] == Approx(1.8));
    CHECK(FrequencyGrid{1.0, 2.0, 0.5}.hz().size() == 3);  // 2.0 itself stays in
}
