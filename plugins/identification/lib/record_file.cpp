#include "record_file.hpp"

#include <dtop_support/columns.hpp>
#include <dtop_support/data_error.hpp>

#include <cmath>

namespace dtop::identification {

Record read_record(const std::filesystem::path& file, const std::vector<std::string>& velocities, const std::string& force, const std::string& time) {
    std::vector<std::string> names{time, force};
    names.insert(names.end(), velocities.begin(), velocities.end());
    const dtop::support::Columns c = dtop::support::read_columns(file, names);
    const auto n = static_cast<Eigen::Index>(c.rows());
    if (n < 2) throw dtop::support::DataError(file, 0, 0, "fewer than two samples");
    Record r;
    const std::vector<double>& t = c.values[0];
    r.h = (t.back() - t.front()) / static_cast<double>(n - 1);
    for (Eigen::Index k = 1; k < n; ++k)
        if (std::abs(t[static_cast<std::size_t>(k)] - t[static_cast<std::size_t>(k - 1)] - r.h) > 1e-6 * r.h)
            throw dtop::support::DataError(file, c.lines[static_cast<std::size_t>(k)], 1,
                                           "the time step is not uniform (" + std::to_string(r.h) + " s on average)");
    r.force = Eigen::Map<const Eigen::VectorXd>(c.values[1].data(), n);
    r.velocity.resize(n, static_cast<Eigen::Index>(velocities.size()));
    for (std::size_t i = 0; i < velocities.size(); ++i)
        r.velocity.col(static_cast<Eigen::Index>(i)) = Eigen::Map<const Eigen::VectorXd>(c.values[2 + i].data(), n);
    return r;
}

}  // namespace dtop::identification
