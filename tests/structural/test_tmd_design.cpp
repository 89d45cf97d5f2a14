// TMD design: Den Hartog's formulas by hand, and the numerical optimum of IntKE.
#include "assembly.hpp"
#include "reference.hpp"
#include "spectrum.hpp"
#include "tmd_design.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace dtop::structural;
using namespace structural_test;

namespace {

struct DenHartog {
    double kp, cp;
};

// Den Hartog for a main system of modal mass mm and frequency w: mu = mp/mm, f = 1/(1 + mu),
// zeta = sqrt(3 mu / (8 (1 + mu)^3)), kp = mp (f w)^2, cp = 2 zeta mp f w.
DenHartog den_hartog_by_hand(double mp, double mm, double w) {
    const double mu = mp / mm, f = 1 / (1 + mu), zeta = std::sqrt(3 * mu / (8 * std::pow(1 + mu, 3)));
    return {mp * (f * w) * (f * w), 2 * zeta * mp * f * w};
}

}  // namespace

TEST_CASE("structural: den_hartog on a 1-storey frame matches the hand formulas with mu = mp/(m + mb)") {
    ShearFrame frame;
    frame.mass = Eigen::VectorXd::Constant(1, 5.0);
    frame.stiffness = Eigen::VectorXd::Constant(1, 2.0e4);
    Device d;
    d.floor = 1;
    d.mb = 0.3;
    d.mp = 0.25;
    const Device t = den_hartog(frame, d, 1);
    const DenHartog h = den_hartog_by_hand(0.25, 5.3, std::sqrt(2.0e4 / 5.3));
    CHECK(t.kp == Approx(h.kp).epsilon(1e-12));
    CHECK(t.cp == Approx(h.cp).epsilon(1e-12));
    CHECK(t.mp == 0.25);
    CHECK(t.mb == 0.3);
    CHECK(t.floor == 1);
    // in the device's own terms: f_p = f_main / (1 + mu), zeta_p as above
    const double mu = 0.25 / 5.3;
    CHECK(t.frequency_hz() == Approx(std::sqrt(2.0e4 / 5.3) / (2 * pi) / (1 + mu)).epsilon(1e-12));
    CHECK(t.damping_ratio() == Approx(std::sqrt(3 * mu / (8 * std::pow(1 + mu, 3)))).epsilon(1e-12));
}

TEST_CASE("structural: den_hartog on the rig's top floor uses the closed-form modal mass") {
    // Uniform fixed-free chain: mode r has u_j = sin(j theta), theta = (2r - 1) pi / (2n + 1), so the
    // modal mass seen at floor s is m sum_j u_j^2 / u_s^2; w_r = 2 sqrt(k/m) sin(theta/2). mb = 0 keeps
    // the chain uniform.
    const ShearFrame frame = southampton();
    const double m = frame.mass[0], k = frame.stiffness[0];
    for (int r = 1; r <= 3; ++r)
        for (int s = 1; s <= 3; ++s) {
            Device d;
            d.floor = s;
            d.mb = 0;
            d.mp = 0.4;
            const double theta = (2 * r - 1) * pi / 7;
            double sum = 0;
            for (int j = 1; j <= 3; ++j) sum += std::pow(std::sin(j * theta), 2);
            const double us = std::sin(s * theta);
            const DenHartog h = den_hartog_by_hand(0.4, m * sum / (us * us), 2 * std::sqrt(k / m) * std::sin(theta / 2));
            const Device t = den_hartog(frame, d, r);
            INFO("mode " << r << ", floor " << s);
            CHECK(t.kp == Approx(h.kp).epsilon(1e-10));
            CHECK(t.cp == Approx(h.cp).epsilon(1e-10));
        }
    Device d;
    CHECK_THROWS_AS(den_hartog(frame, d, 4), std::invalid_argument);
    CHECK_THROWS_AS(den_hartog(frame, d, 0), std::invalid_argument);
}

TEST_CASE("structural: optimise_tmd beats Den Hartog and the defaults and is a local minimum") {
    const ShearFrame frame = southampton();
    const Device start;  // floor 3, mb 0.5, mp 1
    const Bounds bounds;
    const FrequencyGrid grid;
    const Eigen::VectorXd f = grid.hz();
    const Optimum opt = optimise_tmd(frame, start, bounds, grid, 1);
    const Device& o = opt.device;
    INFO("optimum kp = " << o.kp << " N/m, cp = " << o.cp << " N s/m, IntKE = " << opt.integrated << ", "
                         << opt.evaluations << " evaluations");
    CHECK(o.floor == start.floor);
    CHECK(o.mp == start.mp);
    CHECK(o.mb == start.mb);
    CHECK(opt.evaluations > 0);

    // IntKE at the optimum, recomputed by direct impedance solves
    const Assembled a = with_device(frame, o);
    CHECK(opt.integrated == Approx(intke(a.M, a.C, a.K, a.bp, a.floor_mass, f)).epsilon(1e-9));
    CHECK(opt.integrated == Approx(integrated_energy(frame, o, f)).epsilon(1e-12));

    const double dh = integrated_energy(frame, den_hartog(frame, start, 1), f);
    const double defaults = integrated_energy(frame, start, f);
    CHECK(opt.integrated <= dh);
    CHECK(opt.integrated <= defaults);

    // a local minimum: 1 % either way in kp or cp (inside the bounds) is no better
    REQUIRE(o.kp * 0.99 >= bounds.kp_min);
    REQUIRE(o.kp * 1.01 <= bounds.kp_max);
    REQUIRE(o.cp * 0.99 >= bounds.cp_min);
    REQUIRE(o.cp * 1.01 <= bounds.cp_max);
    for (double scale : {0.99, 1.01}) {
        Device dk = o, dc = o;
        dk.kp *= scale;
        dc.cp *= scale;
        INFO("scale " << scale);
        CHECK(integrated_energy(frame, dk, f) >= opt.integrated * (1 - 1e-9));
        CHECK(integrated_energy(frame, dc, f) >= opt.integrated * (1 - 1e-9));
    }
}

TEST_CASE("structural: optimise_tmd refuses empty bounds naming the bound") {
    Bounds b;
    b.kp_max = b.kp_min;
    CHECK_THAT(invalid_argument_message([&] { optimise_tmd(southampton(), Device{}, b, FrequencyGrid{}); }),
               Catch::Matchers::StartsWith("kp_max:"));
    b = Bounds{};
    b.cp_min = 0;
    CHECK_THAT(invalid_argument_message([&] { optimise_tmd(southampton(), Device{}, b, FrequencyGrid{}); }),
               Catch::Matchers::StartsWith("cp_max:"));
}
