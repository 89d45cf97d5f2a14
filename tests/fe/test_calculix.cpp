// Whole adapter runs: CalculiX for real (accuracy against the lumped model), and the ABAQUS path
// with a stand-in launcher that checks the command line and answers in ABAQUS's .dat layout.
#include "fe_test_support.hpp"

#include <analysis.hpp>
#include <shear_frame.hpp>

#include "skip.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace dtop::fe;
namespace fs = std::filesystem;

namespace {

double mac(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    const double d = a.dot(b);
    return d * d / (a.squaredNorm() * b.squaredNorm());
}

}  // namespace

TEST_CASE("fe: CalculiX puts the first three sway frequencies within 3 % of the lumped model at 20 elements per leg") {
    dtop::test::require_program("ccx", "install calculix-ccx");
    AnalysisRequest r;
    r.work_dir = fe_test::fresh_dir("ccx_accuracy");
    r.solver = resolve_solver("calculix", "");
    REQUIRE(r.model.elements_per_leg == 20);
    const Analysis a = run_analysis(r);
    INFO(a.verdict.message(Solver::calculix));
    REQUIRE(a.verdict.ok());
    CHECK(a.verdict.warnings.empty());
    CHECK(a.table->layout == DatLayout::calculix);
    CHECK(a.table->rows.size() == 10);

    const auto lumped = dtop::structural::southampton();
    const auto lm = dtop::structural::modes(lumped.M(), lumped.K());
    const Eigen::VectorXd hz = lm.frequency_hz();
    REQUIRE(a.sway.hz.size() == 3);
    for (Eigen::Index k = 0; k < 3; ++k) {
        INFO("mode " << k + 1 << ": FE " << a.sway.hz[k] << " Hz, lumped " << hz[k] << " Hz");
        CHECK(std::abs(a.sway.hz[k] / hz[k] - 1) < 0.03);
        CHECK(hz[k] == Approx(fe_test::kLumpedHz[k]).epsilon(1e-4));
        CHECK(mac(a.sway.shapes.col(k), lm.shapes.col(k)) > 0.999);
    }
    // The three lowest modes are the sway modes; the next is sway along y, well above.
    CHECK(a.sway.selected == std::vector<int>{0, 1, 2});
    CHECK_FALSE(a.sway.modes[3].sway);
    CHECK(a.sway.modes[3].hz > 40);
    // Everything in the job folder.
    CHECK(a.files.dir == r.work_dir / "frame");
    for (const fs::path& f : {a.files.deck(), a.files.dat(), a.files.log()}) CHECK(fs::exists(f));
}

TEST_CASE("fe: more elements per leg converge from above, and B32 legs are within 3 % too") {
    dtop::test::require_program("ccx", "install calculix-ccx");
    auto sway = [](int elements, BeamType type) {
        AnalysisRequest r;
        r.work_dir = fe_test::fresh_dir("ccx_convergence");
        r.solver = resolve_solver("calculix", "");
        r.model.elements_per_leg = elements;
        r.model.element = type;
        const Analysis a = run_analysis(r);
        INFO(a.verdict.message(Solver::calculix));
        REQUIRE(a.verdict.ok());
        return Eigen::VectorXd(a.sway.hz);
    };
    const Eigen::VectorXd coarse = sway(10, BeamType::b31), fine = sway(20, BeamType::b31), b32 = sway(20, BeamType::b32);
    for (Eigen::Index k = 0; k < 3; ++k) {
        CHECK(fine[k] < coarse[k]);
        CHECK(std::abs(b32[k] / fe_test::kLumpedHz[k] - 1) < 0.03);
    }
}

TEST_CASE("fe: the ABAQUS path builds ABAQUS's command line and reads ABAQUS's .dat layout") {
    AnalysisRequest r;
    r.work_dir = fe_test::fresh_dir("abaqus_path");
    r.solver = resolve_solver("abaqus", fe_test::script("fake_abaqus.sh"));
    r.job = "rig 1";
    const Analysis a = run_analysis(r);
    INFO(a.verdict.message(Solver::abaqus) << "\n" << dtop::fe::read_text(a.files.log().string()));
    REQUIRE(a.verdict.ok());
    CHECK(a.files.name == "rig_1");
    CHECK(a.table->layout == DatLayout::abaqus);
    REQUIRE(a.sway.hz.size() == 3);
    CHECK(a.sway.hz[0] == 7.1824);
    CHECK(a.sway.hz[1] == 20.183);
    CHECK(a.sway.hz[2] == 29.273);
    CHECK(a.sway.shapes(2, 0) == 1.0);
    CHECK(a.sway.shapes(0, 0) == Approx(0.45105).epsilon(1e-4));
    CHECK(dtop::fe::read_text(a.files.log().string()) == "Abaqus JOB rig_1 COMPLETED\n");
}
