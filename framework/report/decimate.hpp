// Fewer points for a chart without losing what matters: the samples that hold each bucket's minimum
// and maximum, so every peak and notch of a 60,001-sample recording survives in a few thousand
// points. The page says when a trace was decimated and links the full CSV.
#pragma once

#include <cstddef>
#include <vector>

namespace dtop::report {

// Indices into y (ascending) of at most 2 * buckets + 2 samples: all of them if y is that short;
// else the first and the last, and in each of `buckets` runs of equal length the samples holding
// its minimum and its maximum (and its first NaN, so gaps stay gaps).
std::vector<std::size_t> minmax_indices(const std::vector<double>& y, std::size_t buckets);

}  // namespace dtop::report
