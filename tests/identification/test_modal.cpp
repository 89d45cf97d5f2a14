// Modal extraction: LSCF + stabilisation + LSFD and the circle fit recover a known chain's modes from
// its FRF (with noise), and find the measured rig's resonances.
#include "synthetic.hpp"

#include "circle_fit.hpp"
#include "frf_file.hpp"
#include "lscf.hpp"

#include <catch2/catch.hpp>

using namespace dtop::identification;

namespace {
// The true chain's accelerance on the measured file's grid, with 1 % complex noise.
Eigen::MatrixXcd noisy_accelerance(const Eigen::VectorXd& f) {
    Eigen::MatrixXcd H = frequency_response(modal_model(ident_test::true_frame()), 1, f, Quantity::accelerance);
    std::mt19937 gen(3);
    std::normal_distribution<double> d(0.0, 0.01);
    for (Eigen::Index k = 0; k < H.rows(); ++k)
        for (Eigen::Index c = 0; c < H.cols(); ++c) H(k, c) *= std::complex<double>(1 + d(gen), d(gen));
    return H;
}
}  // namespace

TEST_CASE("modal extraction: LSCF finds a known chain's frequencies, damping and modal constants") {
    const Eigen::VectorXd f = Eigen::VectorXd::LinSpaced(4096, 0.03125, 128);
    const Eigen::MatrixXcd H = noisy_accelerance(f);
    StabilisationOptions o;
    o.f_low = 3;
    o.f_high = 40;
    const ModalFit fit = extract_modes(f, H, Quantity::accelerance, o, 3);
    const ModalModel truth = modal_model(ident_test::true_frame());
    REQUIRE(fit.modes.size() == 3);
    for (std::size_t r = 0; r < 3; ++r) {
        const auto i = static_cast<Eigen::Index>(r);
        CHECK(fit.modes[r].frequency_hz == Approx(truth.omega[i] / (2 * M_PI)).epsilon(1e-3));
        CHECK(fit.modes[r].damping == Approx(truth.xi[i]).epsilon(0.05));
        for (Eigen::Index c = 0; c < 3; ++c)
            CHECK(fit.modes[r].modal_constant[c] == Approx(truth.shapes(c, i) * truth.shapes(0, i)).margin(0.03 * truth.shapes(0, i) * truth.shapes(0, i)));
    }
    CHECK(fit.fit_error.maxCoeff() < 0.03);
    // The diagram has every order and the physical poles are stable at the high orders.
    CHECK(fit.diagram.size() == 20);
}

TEST_CASE("modal extraction: the circle fit recovers a well-sampled mode") {
    const Eigen::VectorXd f = Eigen::VectorXd::LinSpaced(4096, 0.03125, 128);
    dtop::structural::ShearFrame t = ident_test::true_frame();
    t.modal_ratios = Eigen::Vector3d(0.02, 0.02, 0.02);
    const ModalModel m = modal_model(t);
    const Eigen::MatrixXcd Y = frequency_response(m, 1, f, Quantity::mobility);
    const auto peaks = peak_pick(f, Y.col(0).cwiseAbs(), 3, 40, 3);
    REQUIRE(peaks.size() == 3);
    for (std::size_t r = 0; r < 3; ++r) {
        const CircleMode c = circle_fit(f, Y.col(0), peaks[r]);
        CHECK(c.frequency_hz == Approx(m.omega[static_cast<Eigen::Index>(r)] / (2 * M_PI)).epsilon(2e-3));
        CHECK(c.damping == Approx(0.02).epsilon(0.15));
        CHECK(c.circle_error < 0.05);
    }
}

TEST_CASE("modal extraction: the measured rig's resonances where peak picking puts them, 6.50, 17.47, 26.50 Hz") {
    const MeasuredFrf m = read_frf_file(SOURCE_DIR "/data/cristallo-frf/frf_force_floor1.csv", FrfFileOptions{});
    StabilisationOptions o;
    o.f_low = 3;
    o.f_high = 40;
    const ModalFit fit = extract_modes(m.f_hz, m.H, Quantity::accelerance, o, 3);
    REQUIRE(fit.modes.size() == 3);
    CHECK(fit.modes[0].frequency_hz == Approx(6.50).margin(0.05));
    CHECK(fit.modes[1].frequency_hz == Approx(17.47).margin(0.05));
    CHECK(fit.modes[2].frequency_hz == Approx(26.50).margin(0.05));
    for (const auto& md : fit.modes) CHECK((md.damping > 0.0005 && md.damping < 0.02));
    CHECK(fit.fit_error.maxCoeff() < 0.1);
}
