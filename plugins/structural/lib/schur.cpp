#include "schur.hpp"

#include "lapack.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace dtop::structural {

namespace {

lapack_logical negative_real_part(const double* re, const double*) { return *re < 0 ? 1 : 0; }

}  // namespace

Eigen::VectorXd balance(Eigen::MatrixXd& A) {
    int n = static_cast<int>(A.rows()), lda = std::max(n, 1), ilo = 0, ihi = 0, info = 0;
    Eigen::VectorXd d(n);
    const char job = 'S';
    dgebal_(&job, &n, A.data(), &lda, &ilo, &ihi, d.data(), &info, 1);
    if (info != 0) throw std::runtime_error("balance: bad argument " + std::to_string(-info) + " to dgebal");
    return d;
}

RealSchur real_schur(const Eigen::MatrixXd& A, bool stable_first) {
    if (A.rows() != A.cols()) throw std::invalid_argument("real_schur: the matrix is not square");
    int n = static_cast<int>(A.rows()), lda = std::max(n, 1), sdim = 0, info = 0, lwork = -1;
    RealSchur s;
    s.T = A;
    s.U.resize(n, n);
    std::vector<double> wr(n), wi(n);
    std::vector<lapack_logical> bwork(n);
    char jobvs = 'V', sort = stable_first ? 'S' : 'N';
    double query = 0;
    dgees_(&jobvs, &sort, negative_real_part, &n, s.T.data(), &lda, &sdim, wr.data(), wi.data(), s.U.data(), &lda,
           &query, &lwork, bwork.data(), &info, 1, 1);
    lwork = static_cast<int>(query);
    std::vector<double> work(std::max(lwork, 1));
    dgees_(&jobvs, &sort, negative_real_part, &n, s.T.data(), &lda, &sdim, wr.data(), wi.data(), s.U.data(), &lda,
           work.data(), &lwork, bwork.data(), &info, 1, 1);
    // info n + 1: the ordering could not swap two nearly equal eigenvalues; n + 2: rounding changed
    // which eigenvalues are stable after the reordering. Both leave a valid (partly ordered) form.
    if (info < 0 || (info > 0 && info <= n)) throw std::runtime_error("Schur form: the QR iteration did not converge (dgees info " + std::to_string(info) + ")");
    s.eigenvalues.resize(n);
    for (int k = 0; k < n; ++k) s.eigenvalues[k] = {wr[k], wi[k]};
    s.stable = 0;
    while (s.stable < n && wr[s.stable] < 0) ++s.stable;
    return s;
}

}  // namespace dtop::structural
