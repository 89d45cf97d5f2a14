#include "modal_fit.hpp"

#include "scan_then_fit.hpp"

#include <cmath>
#include <stdexcept>

namespace dtop::identification {

FitSummary fit_to_modes(const structural::ShearFrame& start, const std::vector<IdentifiedMode>& modes, int input, int max_iterations) {
    const Eigen::Index n = start.floors();
    if (static_cast<Eigen::Index>(modes.size()) != n)
        throw std::invalid_argument(std::to_string(modes.size()) + " identified modes for a structure of " + std::to_string(n) + " floors");
    for (const IdentifiedMode& m : modes)
        if (m.modal_constant.size() != n || !(m.frequency_hz > 0) || !(m.damping > 0))
            throw std::invalid_argument("every identified mode needs a frequency, a damping ratio and a modal constant per floor");
    const fitting::ResidualOnly cost = [&](const Eigen::VectorXd& x, Eigen::VectorXd& r) {
        if (!admissible(x)) return false;
        const ModalModel m = modal_model(frame_of(x, ""));
        r.resize(n * (n + 2));
        for (Eigen::Index j = 0; j < n; ++j) {
            const IdentifiedMode& id = modes[static_cast<std::size_t>(j)];
            r[j] = (m.omega[j] / (2 * M_PI) - id.frequency_hz) / id.frequency_hz * 10;  // frequencies first
            r[n + j] = (m.xi[j] - id.damping) / id.damping;
            const double scale = id.modal_constant.cwiseAbs().maxCoeff();
            for (Eigen::Index i = 0; i < n; ++i)
                r[2 * n + j * n + i] = (m.shapes(i, j) * m.shapes(input - 1, j) - id.modal_constant[i]) / scale;
        }
        return r.allFinite();
    };
    return scan_then_fit(start, cost, max_iterations, "identified modes",
                         "identified modes: relative frequency (weight 10) and damping errors, modal constants relative to "
                         "each mode's largest; stiffness and mass scan then Levenberg-Marquardt");
}

}  // namespace dtop::identification
