#include "decimate.hpp"

#include <algorithm>
#include <cmath>

namespace dtop::report {

std::vector<std::size_t> minmax_indices(const std::vector<double>& y, std::size_t buckets) {
    const std::size_t n = y.size();
    std::vector<std::size_t> out;
    if (buckets == 0 || n <= 2 * buckets + 2) {
        out.resize(n);
        for (std::size_t i = 0; i < n; ++i) out[i] = i;
        return out;
    }
    out.push_back(0);
    for (std::size_t b = 0; b < buckets; ++b) {
        // Buckets over samples 1 .. n-2; the first and last are kept on their own.
        const std::size_t begin = 1 + b * (n - 2) / buckets, end = 1 + (b + 1) * (n - 2) / buckets;
        std::size_t lo = end, hi = end, gap = end;
        for (std::size_t i = begin; i < end; ++i) {
            if (std::isnan(y[i])) {
                if (gap == end) gap = i;
                continue;
            }
            if (lo == end || y[i] < y[lo]) lo = i;
            if (hi == end || y[i] > y[hi]) hi = i;
        }
        for (std::size_t i : {lo, hi, gap})
            if (i != end) out.push_back(i);
    }
    out.push_back(n - 1);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace dtop::report
