#include "spectrum.hpp"

#include <Eigen/Eigenvalues>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace dtop::structural {

using cd = std::complex<double>;

Eigen::VectorXd FrequencyGrid::hz() const {
    check();
    // Up to f_stop, never past it (a small tolerance keeps 100 Hz in 1..100 by 0.01).
    const auto n = static_cast<Eigen::Index>(std::floor((stop_hz - start_hz) / step_hz + 1e-9)) + 1;
    Eigen::VectorXd f(n);
    for (Eigen::Index k = 0; k < n; ++k) f[k] = start_hz + static_cast<double>(k) * step_hz;
    return f;
}

void FrequencyGrid::check() const {
    if (!(start_hz > 0)) throw std::invalid_argument("f_start: must be > 0 Hz (the impedance has K/(jw))");
    if (!(step_hz > 0)) throw std::invalid_argument("f_step: must be > 0 Hz");
    if (!(stop_hz > start_hz)) throw std::invalid_argument("f_stop: must be above f_start (the grid is empty or reversed)");
    if ((stop_hz - start_hz) / step_hz > 1e7) throw std::invalid_argument("f_step: more than 10 million frequencies");
}

namespace {

// Direct solve at one frequency: (jwI - A) x = B.
Eigen::VectorXcd direct(const Eigen::MatrixXd& A, const Eigen::VectorXd& B, double w) {
    Eigen::MatrixXcd Z = -A.cast<cd>();
    Z.diagonal().array() += cd(0, w);
    return Z.partialPivLu().solve(B.cast<cd>());
}

// out (jwI - A)^-1 B at every w through the Hessenberg form A = Q H Q^T: each frequency is then an
// O(n^2) elimination instead of an O(n^3) factorisation. Exact, for any A. Raw loops: this is the
// hot path of the LQG spectrum (16 states, ~10,000 frequencies).
Eigen::MatrixXcd hessenberg_response(const Eigen::MatrixXd& A, const Eigen::VectorXd& B, const Eigen::MatrixXd& out,
                                     const Eigen::VectorXd& w) {
    const Eigen::Index n = A.rows();
    Eigen::HessenbergDecomposition<Eigen::MatrixXd> hd(A);
    const Eigen::MatrixXd H = hd.matrixH(), Q = hd.matrixQ();
    const Eigen::VectorXd b = Q.transpose() * B;
    const Eigen::MatrixXd oq = out * Q;
    const auto N = static_cast<std::size_t>(n);
    std::vector<cd> z(N * N), y(N);  // row-major working copy of jwI - H
    Eigen::MatrixXcd result(w.size(), out.rows());
    for (Eigen::Index k = 0; k < w.size(); ++k) {
        for (std::size_t i = 0; i < N; ++i) {
            for (std::size_t j = i == 0 ? 0 : i - 1; j < N; ++j)
                z[i * N + j] = -H(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
            z[i * N + i] += cd(0, w[k]);
            y[i] = b[static_cast<Eigen::Index>(i)];
        }
        // Gaussian elimination with partial pivoting on the one subdiagonal.
        for (std::size_t i = 0; i + 1 < N; ++i) {
            cd* ri = &z[i * N];
            cd* rn = &z[(i + 1) * N];
            if (std::norm(rn[i]) > std::norm(ri[i])) {
                for (std::size_t j = i; j < N; ++j) std::swap(ri[j], rn[j]);
                std::swap(y[i], y[i + 1]);
            }
            const cd m = rn[i] / ri[i];
            for (std::size_t j = i + 1; j < N; ++j) rn[j] -= m * ri[j];
            y[i + 1] -= m * y[i];
        }
        for (std::size_t i = N; i-- > 0;) {
            cd sum = y[i];
            const cd* ri = &z[i * N];
            for (std::size_t j = i + 1; j < N; ++j) sum -= ri[j] * y[j];
            y[i] = sum / ri[i];
        }
        for (Eigen::Index r = 0; r < oq.rows(); ++r) {
            cd sum = 0;
            for (std::size_t j = 0; j < N; ++j) sum += oq(r, static_cast<Eigen::Index>(j)) * y[j];
            result(k, r) = sum;
        }
    }
    return result;
}

}  // namespace

std::vector<Eigen::MatrixXcd> frequency_responses(const Eigen::MatrixXd& A, const Eigen::MatrixXd& inputs,
                                                  const Eigen::MatrixXd& out, const Eigen::VectorXd& w) {
    const Eigen::Index n = A.rows(), nw = w.size();
    std::vector<Eigen::MatrixXcd> all(static_cast<std::size_t>(inputs.cols()));
    // Modal form: H(jw) = sum_k (out v_k) (u_k^T b) / (jw - lambda_k), all frequencies as one product;
    // one eigendecomposition serves every input.
    Eigen::EigenSolver<Eigen::MatrixXd> es(A);
    if (es.info() == Eigen::Success) {
        const Eigen::MatrixXcd V = es.eigenvectors();
        const Eigen::VectorXcd lambda = es.eigenvalues();
        auto lu = V.fullPivLu();
        if (lu.isInvertible()) {
            const Eigen::MatrixXcd left = out.cast<cd>() * V;
            for (Eigen::Index c = 0; c < inputs.cols(); ++c) {
                const Eigen::VectorXd B = inputs.col(c);
                const Eigen::VectorXcd right = lu.solve(B.cast<cd>());
                Eigen::MatrixXcd D(nw, n);
                for (Eigen::Index k = 0; k < n; ++k)
                    for (Eigen::Index i = 0; i < nw; ++i) D(i, k) = right[k] / (cd(0, w[i]) - lambda[k]);
                Eigen::MatrixXcd& r = all[static_cast<std::size_t>(c)];
                r.noalias() = D * left.transpose();
                // Trust it only where it agrees with direct solves (it loses accuracy when the
                // eigenvectors are nearly dependent, e.g. with a very fast observer).
                for (Eigen::Index k : {Eigen::Index(0), nw / 3, nw / 2, (2 * nw) / 3, nw - 1}) {
                    const Eigen::VectorXcd exact = out.cast<cd>() * direct(A, B, w[k]);
                    if ((r.row(k).transpose() - exact).norm() > 1e-9 * std::max(exact.norm(), 1e-300)) {
                        r.resize(0, 0);
                        break;
                    }
                }
            }
        }
    }
    for (Eigen::Index c = 0; c < inputs.cols(); ++c)
        if (all[static_cast<std::size_t>(c)].size() == 0)
            all[static_cast<std::size_t>(c)] = hessenberg_response(A, inputs.col(c), out, w);
    return all;
}

Response frequency_response(const StateSpace& ss, const Eigen::VectorXd& w) {
    const Eigen::Index nf = ss.Cv.rows();
    const bool control = ss.Cu.size() > 0;
    Eigen::MatrixXd out(nf + (control ? 1 : 0), ss.A.rows());
    out.topRows(nf) = ss.Cv;
    if (control) out.row(nf) = ss.Cu;
    const Eigen::MatrixXcd all = frequency_responses(ss.A, ss.B, out, w).front();
    Response r;
    r.v = all.leftCols(nf);
    if (control) r.u = all.col(nf);
    return r;
}

Eigen::VectorXcd transfer(const Eigen::MatrixXd& A, const Eigen::VectorXd& b, const Eigen::RowVectorXd& c,
                          const Eigen::VectorXd& w) {
    StateSpace ss;
    ss.A = A;
    ss.B = b;
    ss.Cv = c;
    return frequency_response(ss, w).v.col(0);
}

double trapezoid(const Eigen::VectorXd& y, const Eigen::VectorXd& x) {
    double s = 0;
    for (Eigen::Index k = 0; k + 1 < x.size(); ++k) s += 0.5 * (x[k + 1] - x[k]) * (y[k] + y[k + 1]);
    return s;
}

Spectrum kinetic_energy(const Response& r, const Eigen::VectorXd& floor_mass, const Eigen::VectorXd& f_hz,
                        double effort_factor) {
    Spectrum s;
    s.f_hz = f_hz;
    s.w = 2 * M_PI * f_hz;
    s.energy = 0.25 * (r.v.cwiseAbs2() * floor_mass);  // 1/4 v^H M_f v with M_f diagonal
    s.energy_db = 20.0 * s.energy.array().log10();
    s.integrated = trapezoid(s.energy, s.w);
    if (r.u.size() > 0) s.effort = effort_factor * trapezoid(r.u.cwiseAbs2(), s.w);
    return s;
}

double reduction_db(double controlled, double bare) {
    const double rt = -10.0 * std::log10(controlled / bare);
    return rt == 0.0 ? 0.0 : rt;  // no "-0" for the bare structure against itself
}

double stability_abscissa(const Eigen::MatrixXd& A) {
    Eigen::EigenSolver<Eigen::MatrixXd> es(A, false);
    return es.eigenvalues().real().maxCoeff();
}

}  // namespace dtop::structural
