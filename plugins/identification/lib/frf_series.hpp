// FRFs between plugins: a dtop::Series over frequency (Hz) with two channels per output, "<name> re"
// and "<name> im", in the SI unit of the quantity (m/N, (m/s)/N or (m/s^2)/N), which the reader
// recognises. Complex values do not cross the plugin ABI otherwise.
#pragma once

#include "chain_model.hpp"

#include <dtop/plugin.hpp>

#include <string>
#include <vector>

namespace dtop::identification {

dtop::Series frf_to_series(const Eigen::VectorXd& f_hz, const Eigen::MatrixXcd& H, Quantity q, const std::vector<std::string>& names);

struct FrfOfSeries {
    Eigen::VectorXd f_hz;
    Eigen::MatrixXcd H;
    Quantity quantity = Quantity::accelerance;
    std::vector<std::string> names;
};
// Throws std::runtime_error naming the channel that breaks the convention.
FrfOfSeries frf_from_series(const dtop::Series& s);

// Magnitude (dB re 1 SI unit) and phase (degrees) per output, for plots.
dtop::Series bode_series(const Eigen::VectorXd& f_hz, const Eigen::MatrixXcd& H, const std::vector<std::string>& names, const std::string& suffix);

}  // namespace dtop::identification
