#include "input_check.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace dtop::plot {

namespace {

std::string non_finite(double v) { return std::isnan(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf"; }

}  // namespace

std::string where(const dtop::Series& s, Eigen::Index row) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", s.x[row]);
    return s.x_name + " = " + buf + (s.x_unit.empty() ? "" : " " + s.x_unit);
}

void check_shape(const std::string& port, const dtop::Series& s) {
    const std::string in = "input '" + port + "': ";
    if (s.channels() == 0) throw std::runtime_error(in + "the series has no channel (only its abscissa '" + s.x_name + "')");
    if (static_cast<std::size_t>(s.channels()) != s.names.size())
        throw std::runtime_error(in + "the series has " + std::to_string(s.channels()) + " channels but " +
                                 std::to_string(s.names.size()) + " channel names");
    if (s.y.rows() != s.x.size())
        throw std::runtime_error(in + "mismatched lengths: the abscissa '" + s.x_name + "' has " + std::to_string(s.x.size()) +
                                 " samples, the channels " + std::to_string(s.y.rows()));
    if (s.size() == 0) throw std::runtime_error(in + "channel '" + s.names[0] + "' is empty (0 samples)");
    for (Eigen::Index r = 0; r < s.size(); ++r)
        if (!std::isfinite(s.x[r]))
            throw std::runtime_error(in + "the abscissa '" + s.x_name + "' has " + non_finite(s.x[r]) + " at sample " + std::to_string(r));
}

void check_finite(const std::string& port, const dtop::Series& s, Eigen::Index channel, const std::vector<Eigen::Index>& rows) {
    for (Eigen::Index r : rows) {
        const double v = s.y(r, channel);
        if (!std::isfinite(v))
            throw std::runtime_error("input '" + port + "': channel '" + s.names[static_cast<std::size_t>(channel)] + "' has " +
                                     non_finite(v) + " at sample " + std::to_string(r) + " (" + where(s, r) + ")");
    }
}

}  // namespace dtop::plot
