// Refusing a series a picture cannot show honestly. Every message starts with the input port
// ("input 'a': ..."; the host adds the node) and names the channel and the sample, so the user can
// find the bad value in the producer's output.
#pragma once

#include <dtop/values.hpp>

#include <string>
#include <vector>

namespace dtop::plot {

// Throws std::runtime_error when the series has no channel or no sample, its abscissa and channels
// differ in length (a producer's bug, cheap to catch here before it turns into garbage), or its
// abscissa holds a NaN or an infinity.
void check_shape(const std::string& port, const dtop::Series& s);

// Throws std::runtime_error naming the sample (and its abscissa) of the first NaN or infinite value
// of channel `channel` among `rows`.
void check_finite(const std::string& port, const dtop::Series& s, Eigen::Index channel, const std::vector<Eigen::Index>& rows);

// "t = 0.012 s": where sample `row` is, for messages.
std::string where(const dtop::Series& s, Eigen::Index row);

}  // namespace dtop::plot
