#include "assembly.hpp"

#include <cmath>
#include <stdexcept>

namespace dtop::structural {

double Device::frequency_hz() const { return std::sqrt(kp / mp) / (2 * M_PI); }
double Device::damping_ratio() const { return cp / (2 * std::sqrt(kp * mp)); }

Assembled bare(const ShearFrame& frame) {
    frame.check();
    Assembled s;
    s.M = frame.M();
    s.K = frame.K();
    s.C = frame.C();
    s.floors = frame.floors();
    s.bp = Eigen::VectorXd::Zero(s.floors);
    s.bp[0] = 1.0;
    s.floor_mass = frame.mass;
    return s;
}

Assembled with_device(const ShearFrame& frame, const Device& d) {
    if (d.floor < 1 || d.floor > frame.floors())
        throw std::invalid_argument("floor " + std::to_string(d.floor) + " is outside the structure (floors 1 to " +
                                    std::to_string(frame.floors()) + ")");
    if (!(d.mb >= 0)) throw std::invalid_argument("base mass mb must be >= 0 kg");
    if (!(d.mp > 0)) throw std::invalid_argument("moving mass mp must be > 0 kg");
    if (!(d.kp > 0)) throw std::invalid_argument("stiffness kp must be > 0 N/m");
    if (!(d.cp >= 0)) throw std::invalid_argument("damping cp must be >= 0 N s/m");
    const Assembled b = bare(frame);
    const Eigen::Index n = b.floors, s = d.floor - 1;
    Assembled r;
    r.floors = n;
    r.device_floor = d.floor;
    r.M = Eigen::MatrixXd::Zero(n + 1, n + 1);
    r.K = Eigen::MatrixXd::Zero(n + 1, n + 1);
    r.C = Eigen::MatrixXd::Zero(n + 1, n + 1);
    r.M.topLeftCorner(n, n) = b.M;
    r.M(s, s) += d.mb;
    r.M(n, n) = d.mp;
    r.K.topLeftCorner(n, n) = b.K;
    r.C.topLeftCorner(n, n) = b.C;  // structural damping of the bare frame (section 1)
    // spring and damper between floor s and the proof mass
    for (auto* m : {&r.K, &r.C}) {
        const double v = m == &r.K ? d.kp : d.cp;
        (*m)(s, s) += v;
        (*m)(s, n) -= v;
        (*m)(n, s) -= v;
        (*m)(n, n) += v;
    }
    r.bp = Eigen::VectorXd::Zero(n + 1);
    r.bp[0] = 1.0;
    r.a = Eigen::VectorXd::Zero(n + 1);
    r.a[s] = 1.0;
    r.a[n] = -1.0;
    r.floor_mass = b.floor_mass;
    r.floor_mass[s] += d.mb;
    r.mb = d.mb;
    return r;
}

StateSpace mechanical(const Assembled& s) {
    const Eigen::Index n = s.dofs();
    const Eigen::LLT<Eigen::MatrixXd> m(s.M);
    StateSpace ss;
    ss.A = Eigen::MatrixXd::Zero(2 * n, 2 * n);
    ss.A.topRightCorner(n, n).setIdentity();
    ss.A.bottomLeftCorner(n, n) = -m.solve(s.K);
    ss.A.bottomRightCorner(n, n) = -m.solve(s.C);
    ss.B = Eigen::VectorXd::Zero(2 * n);
    ss.B.tail(n) = m.solve(s.bp);
    ss.Cv = Eigen::MatrixXd::Zero(s.floors, 2 * n);
    ss.Cv.middleCols(n, s.floors).setIdentity();
    return ss;
}

Eigen::VectorXd device_input(const Assembled& s) {
    const Eigen::Index n = s.dofs();
    Eigen::VectorXd b = Eigen::VectorXd::Zero(2 * n);
    b.tail(n) = s.M.llt().solve(s.a);
    return b;
}

}  // namespace dtop::structural
