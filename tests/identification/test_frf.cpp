// FRFs: the chain model's responses against the state-space model the structural plugins use, H1
// estimation on a simulated test, and the measured-FRF file reader (formats, units, errors).
#include "synthetic.hpp"

#include "assembly.hpp"
#include "discrete.hpp"
#include "frf_estimate.hpp"
#include "frf_file.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace dtop::identification;
using namespace dtop::structural;

TEST_CASE("chain model: nominal frequencies of physics.md, and the modal FRF equals (K - w^2 M + j w C)^-1") {
    const ShearFrame f = southampton();
    const ModalModel m = modal_model(f);
    CHECK(m.omega[0] / (2 * M_PI) == Approx(7.11).margin(0.01));
    CHECK(m.omega[1] / (2 * M_PI) == Approx(19.93).margin(0.01));
    CHECK(m.omega[2] / (2 * M_PI) == Approx(28.80).margin(0.01));
    const Eigen::VectorXd hz = Eigen::Vector3d(3.0, 12.0, 25.0);
    const Eigen::MatrixXcd H = frequency_response(m, 1, hz, Quantity::receptance);
    for (Eigen::Index k = 0; k < hz.size(); ++k) {
        const double w = 2 * M_PI * hz[k];
        const Eigen::MatrixXcd D = f.K().cast<std::complex<double>>() - w * w * f.M().cast<std::complex<double>>() +
                                   std::complex<double>(0, w) * f.C().cast<std::complex<double>>();
        const Eigen::VectorXcd x = D.inverse().col(0);
        CHECK((H.row(k).transpose() - x).norm() < 1e-9 * x.norm());
    }
}

TEST_CASE("chain model: the zero-order-hold simulation equals structure-sim's discretisation") {
    const ShearFrame f = ident_test::true_frame();
    const Eigen::VectorXd force = ident_test::random_force(3000);
    const double h = 1e-3;
    const Eigen::MatrixXd y = velocity_response(modal_model(f), 1, force, h, Hold::zero_order);
    const StateSpace ss = mechanical(bare(f));
    const Discrete d = zero_order_hold(ss.A, ss.B, h);
    Eigen::VectorXd x = Eigen::VectorXd::Zero(6);
    double worst = 0;
    for (Eigen::Index k = 0; k < force.size(); ++k) {
        worst = std::max(worst, (ss.Cv * x - y.row(k).transpose()).norm());
        x = d.Phi * x + d.Gamma.col(0) * force[k];
    }
    CHECK(worst < 1e-9 * y.cwiseAbs().maxCoeff());
}

TEST_CASE("frf-estimate: H1 of a simulated test is the model's mobility where the coherence is high") {
    ShearFrame f = ident_test::true_frame();
    f.modal_ratios = Eigen::Vector3d(0.03, 0.03, 0.03);  // resolvable with 8 s segments
    const Eigen::VectorXd force = ident_test::random_force(200000);
    const Eigen::MatrixXd y = velocity_response(modal_model(f), 1, force, 1e-3, Hold::first_order);
    const FrfEstimate e = estimate_frf(force, y, 1000.0, 8192, 0.5, Window::hann);
    CHECK(e.segments == 47);
    const Eigen::MatrixXcd H = frequency_response(modal_model(f), 1, e.f_hz, Quantity::mobility);
    // Where the coherence is high (everywhere but the anti-resonances, where leakage from the
    // resonances dominates the small response), H1 is within 3 % of the model.
    int coherent = 0, lines = 0;
    for (Eigen::Index k = 0; k < e.f_hz.size(); ++k) {
        if (e.f_hz[k] < 2 || e.f_hz[k] > 40) continue;
        ++lines;
        for (Eigen::Index c = 0; c < 3; ++c) CHECK(e.coherence(k, c) <= 1.0 + 1e-12);
        if (e.coherence(k, 0) < 0.99) continue;
        ++coherent;
        CHECK(std::abs(e.H(k, 0) - H(k, 0)) < 0.03 * std::abs(H(k, 0)));
    }
    CHECK(coherent > 0.8 * lines);
}

TEST_CASE("frf-estimate: refuses a force of zeros, mismatched lengths and a segment longer than the data") {
    const Eigen::VectorXd force = Eigen::VectorXd::Zero(1000);
    const Eigen::MatrixXd y = Eigen::MatrixXd::Ones(1000, 2);
    CHECK_THROWS_WITH(estimate_frf(force, y, 1000, 256, 0.5, Window::hann), Catch::Contains("all zeros"));
    CHECK_THROWS_WITH(estimate_frf(Eigen::VectorXd::Ones(999), y, 1000, 256, 0.5, Window::hann), Catch::Contains("999 samples"));
    CHECK_THROWS_WITH(estimate_frf(Eigen::VectorXd::Ones(1000), y, 1000, 2000, 0.5, Window::hann), Catch::Contains("segment"));
}

namespace {
std::string write(const std::string& name, const std::string& text) {
    const std::string path = std::string(TEST_OUTPUT_DIR) + "/" + name;
    std::ofstream(path) << text;
    return path;
}
}  // namespace

TEST_CASE("frf file: Python complex numbers in every spelling") {
    std::complex<double> z;
    auto parse = [&](const std::string& s) { return parse_complex(s.data(), s.data() + s.size(), z); };
    REQUIRE(parse("-0.0549+0.0508j"));
    CHECK(z == std::complex<double>(-0.0549, 0.0508));
    REQUIRE(parse("(1e-05-2.5e-3j)"));
    CHECK(z == std::complex<double>(1e-5, -2.5e-3));
    REQUIRE(parse("0.03125+0j"));
    CHECK(z == std::complex<double>(0.03125, 0));
    REQUIRE(parse("-3j"));
    CHECK(z == std::complex<double>(0, -3));
    REQUIRE(parse("2.5"));
    CHECK(z == std::complex<double>(2.5, 0));
    CHECK_FALSE(parse("abc"));
    CHECK_FALSE(parse("1+2"));
    CHECK_FALSE(parse(""));
}

TEST_CASE("frf file: the rig's measurement reads as 4,096 lines of three accelerances, g/N scaled to SI") {
    FrfFileOptions o;
    const MeasuredFrf m = read_frf_file(SOURCE_DIR "/data/cristallo-frf/frf_force_floor1.csv", o);
    CHECK(m.f_hz.size() == 4096);
    CHECK(m.H.cols() == 3);
    CHECK(m.f_hz[0] == 0.03125);
    CHECK(m.f_hz[1] - m.f_hz[0] == Approx(0.03125));
    CHECK(m.H(0, 0) == std::complex<double>(-0.0549712181091309, 0.0508308112621307));
    o.unit = "g/N";
    const MeasuredFrf g = read_frf_file(SOURCE_DIR "/data/cristallo-frf/frf_force_floor1.csv", o);
    CHECK(g.H(100, 2) == m.H(100, 2) * 9.80665);
    o.unit = "m/N";
    CHECK_THROWS_WITH(read_frf_file(SOURCE_DIR "/data/cristallo-frf/frf_force_floor1.csv", o),
                      Catch::Contains("'m/N' is not a unit of accelerance") && Catch::Contains("g/N"));
}

TEST_CASE("frf file: pairs of columns, a header, other separators") {
    const std::string p = write("pairs.csv", "f,re,im\n1,0.5,-0.25\n2,0.25,0.125\n");
    FrfFileOptions o;
    o.separator = ',';
    o.format = ComplexFormat::pairs;
    o.quantity = Quantity::receptance;
    o.unit = "mm/N";
    o.header_lines = 1;
    const MeasuredFrf m = read_frf_file(p, o);
    REQUIRE(m.H.rows() == 2);
    CHECK(m.H(1, 0) == std::complex<double>(0.25e-3, 0.125e-3));
}

TEST_CASE("frf file: a bad line is reported with its file, line and column") {
    const std::string p = write("bad.csv", "1+0j;0.5+0.1j;0.2-0.1j\n2+0j;0.5+0.1j;0.2-0.1j\n3+0j;0.5+0.1j;oops\n");
    FrfFileOptions o;
    CHECK_THROWS_WITH(read_frf_file(p, o), Catch::Contains("bad.csv:3:15") && Catch::Contains("expected a complex number") &&
                                               Catch::Contains("'oops'"));
    const std::string q = write("ragged.csv", "1+0j;0.5+0.1j;0.2-0.1j\n2+0j;0.5+0.1j\n");
    CHECK_THROWS_WITH(read_frf_file(q, o), Catch::Contains("ragged.csv:2:1") && Catch::Contains("expected 2 outputs"));
    const std::string r = write("order.csv", "2+0j;0.5+0.1j\n1+0j;0.5+0.1j\n");
    CHECK_THROWS_WITH(read_frf_file(r, o), Catch::Contains("order.csv:2:1") && Catch::Contains("increase"));
}
