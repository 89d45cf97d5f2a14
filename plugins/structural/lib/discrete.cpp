#include "discrete.hpp"

#include <unsupported/Eigen/MatrixFunctions>

namespace dtop::structural {

Discrete zero_order_hold(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, double h) {
    const Eigen::Index n = A.rows(), m = B.cols();
    Eigen::MatrixXd aug = Eigen::MatrixXd::Zero(n + m, n + m);
    aug.topLeftCorner(n, n) = A * h;
    aug.topRightCorner(n, m) = B * h;
    const Eigen::MatrixXd E = aug.exp();  // scaling and squaring with Pade approximants
    return {E.topLeftCorner(n, n), E.topRightCorner(n, m)};
}

}  // namespace dtop::structural
