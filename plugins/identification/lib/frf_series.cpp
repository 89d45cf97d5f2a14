#include "frf_series.hpp"

#include "frf_file.hpp"

#include <cmath>

namespace dtop::identification {

dtop::Series frf_to_series(const Eigen::VectorXd& f, const Eigen::MatrixXcd& H, Quantity q, const std::vector<std::string>& names) {
    dtop::Series s;
    s.x_name = "f";
    s.x_unit = "Hz";
    s.x = f;
    for (Eigen::Index c = 0; c < H.cols(); ++c) {
        s.add(names[static_cast<std::size_t>(c)] + " re", si_unit(q), H.col(c).real());
        s.add(names[static_cast<std::size_t>(c)] + " im", si_unit(q), H.col(c).imag());
    }
    return s;
}

FrfOfSeries frf_from_series(const dtop::Series& s) {
    FrfOfSeries out;
    if (s.channels() == 0 || s.channels() % 2 != 0)
        throw std::runtime_error("an FRF series has pairs of channels '<name> re', '<name> im'; this one has " + std::to_string(s.channels()));
    const std::string unit = s.units[0];
    bool known = false;
    for (Quantity q : {Quantity::receptance, Quantity::mobility, Quantity::accelerance})
        if (unit == si_unit(q)) out.quantity = q, known = true;
    if (!known) throw std::runtime_error("the FRF's unit '" + unit + "' is none of m/N, (m/s)/N, (m/s^2)/N");
    out.f_hz = s.x;
    out.H.resize(s.size(), s.channels() / 2);
    for (Eigen::Index c = 0; c < s.channels() / 2; ++c) {
        const std::string& re = s.names[static_cast<std::size_t>(2 * c)];
        const std::string& im = s.names[static_cast<std::size_t>(2 * c + 1)];
        if (re.size() < 3 || re.substr(re.size() - 3) != " re" || im != re.substr(0, re.size() - 3) + " im")
            throw std::runtime_error("FRF channels come in pairs '<name> re', '<name> im'; found '" + re + "', '" + im + "'");
        if (s.units[static_cast<std::size_t>(2 * c)] != unit || s.units[static_cast<std::size_t>(2 * c + 1)] != unit)
            throw std::runtime_error("channel '" + re + "' is not in " + unit + " like the first one");
        out.H.col(c).real() = s.y.col(2 * c);
        out.H.col(c).imag() = s.y.col(2 * c + 1);
        out.names.push_back(re.substr(0, re.size() - 3));
    }
    return out;
}

dtop::Series bode_series(const Eigen::VectorXd& f, const Eigen::MatrixXcd& H, const std::vector<std::string>& names, const std::string& suffix) {
    dtop::Series s;
    s.x_name = "f";
    s.x_unit = "Hz";
    s.x = f;
    for (Eigen::Index c = 0; c < H.cols(); ++c) {
        s.add(names[static_cast<std::size_t>(c)] + suffix, "dB", (20 * H.col(c).cwiseAbs().array().max(1e-300).log10()).matrix());
    }
    for (Eigen::Index c = 0; c < H.cols(); ++c) {
        Eigen::VectorXd ph(H.rows());
        for (Eigen::Index k = 0; k < H.rows(); ++k) ph[k] = std::arg(H(k, c)) * 180 / M_PI;
        s.add(names[static_cast<std::size_t>(c)] + " phase" + suffix, "deg", ph);
    }
    return s;
}

}  // namespace dtop::identification
