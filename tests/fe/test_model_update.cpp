// Model updating: storey stiffnesses from natural frequencies, by least squares.
#include <model_update.hpp>

#include <catch2/catch.hpp>

using namespace dtop::fe;
using dtop::structural::ShearFrame;

namespace {

Eigen::VectorXd natural_hz(const ShearFrame& f) { return dtop::structural::modes(f.M(), f.K()).frequency_hz(); }

ShearFrame with_stiffness(ShearFrame f, const Eigen::VectorXd& k) {
    f.stiffness = k;
    return f;
}

}  // namespace

TEST_CASE("fe: model updating recovers known storey stiffnesses from their natural frequencies") {
    ShearFrame start = dtop::structural::southampton();
    start.mass = Eigen::Vector3d(5.4, 5.0, 4.6);
    const ShearFrame truth = with_stiffness(start, Eigen::Vector3d(40e3, 61e3, 47e3));
    const UpdateResult r = update_stiffness(start, natural_hz(truth), {});
    CHECK(r.converged);
    CHECK(r.iterations < 30);
    CHECK(r.modes == std::vector<int>{1, 2, 3});
    CHECK_FALSE(r.underdetermined);
    for (Eigen::Index i = 0; i < 3; ++i) CHECK(r.frame.stiffness[i] == Approx(truth.stiffness[i]).epsilon(1e-9));
    CHECK(r.rms_after < 1e-12);
    CHECK(r.rms_before > 0.01);
    CHECK(r.after_hz.isApprox(natural_hz(truth), 1e-12));
    CHECK(r.before_hz.isApprox(natural_hz(start), 1e-12));
    // Masses and damping are kept.
    CHECK(r.frame.mass == start.mass);
    CHECK(r.frame.damping_ratio == start.damping_ratio);
    CHECK(r.stiffness_ratio[0] == Approx(40e3 / start.stiffness[0]).epsilon(1e-9));
}

TEST_CASE("fe: the uniform model scales every storey by one factor") {
    const ShearFrame start = dtop::structural::southampton();
    const ShearFrame truth = with_stiffness(start, start.stiffness * 1.07);
    UpdateOptions o;
    o.model = StiffnessModel::uniform;
    const UpdateResult r = update_stiffness(start, natural_hz(truth), o);
    CHECK(r.converged);
    for (Eigen::Index i = 0; i < 3; ++i) CHECK(r.stiffness_ratio[i] == Approx(1.07).epsilon(1e-10));
}

TEST_CASE("fe: targets no model of the kind can meet are fitted in least squares") {
    // FE frequencies (the CalculiX run at 20 elements per leg) with one factor on all storeys.
    const ShearFrame start = dtop::structural::southampton();
    const Eigen::Vector3d fe(7.182363, 20.18313, 29.27291);
    UpdateOptions o;
    o.model = StiffnessModel::uniform;
    const UpdateResult r = update_stiffness(start, fe, o);
    CHECK(r.converged);
    CHECK(r.rms_after > 1e-4);  // one factor cannot match all three
    CHECK(r.rms_after < r.rms_before);
    // A minimum: any other factor nearby fits worse.
    auto cost = [&](double factor) {
        const Eigen::VectorXd hz = natural_hz(with_stiffness(start, r.frame.stiffness * factor));
        return (hz.cwiseQuotient(fe).array() - 1).matrix().squaredNorm();
    };
    CHECK(cost(1.0) < cost(1.0 + 1e-4));
    CHECK(cost(1.0) < cost(1.0 - 1e-4));
}

TEST_CASE("fe: matching fewer modes than storeys matches them and flags the freedom left") {
    const ShearFrame start = dtop::structural::southampton();
    const Eigen::Vector3d target(7.3, 20.5, 30.0);
    UpdateOptions o;
    o.modes = {2};
    const UpdateResult r = update_stiffness(start, target, o);
    CHECK(r.underdetermined);
    CHECK(r.converged);
    REQUIRE(r.after_hz.size() == 1);
    CHECK(r.after_hz[0] == Approx(20.5).epsilon(1e-10));
    CHECK(r.target_hz[0] == 20.5);
}

TEST_CASE("fe: update requests that cannot be met are refused") {
    const ShearFrame start = dtop::structural::southampton();
    const Eigen::Vector3d target(7.3, 20.5, 30.0);
    UpdateOptions o;
    o.modes = {4};
    CHECK_THROWS_WITH(update_stiffness(start, target, o), Catch::Contains("not a mode of the 3-storey structure"));
    o.modes = {1, 3};
    CHECK_THROWS_WITH(update_stiffness(start, Eigen::Vector2d(7, 20), o), Catch::Contains("mode 3 has no target frequency"));
    o.modes = {2, 1};
    CHECK_THROWS_WITH(update_stiffness(start, target, o), Catch::Contains("ascending"));
    CHECK_THROWS_WITH(update_stiffness(start, Eigen::Vector3d(7, -1, 30), {}), Catch::Contains("> 0 Hz"));
    CHECK_THROWS_WITH(update_stiffness(start, Eigen::VectorXd(), {}), Catch::Contains("no target"));
}
