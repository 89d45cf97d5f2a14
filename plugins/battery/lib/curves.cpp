#include "curves.hpp"

#include "baselines.hpp"
#include "trend_filter.hpp"
#include "window.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <stdexcept>

namespace dtop::battery {

namespace {

struct Fit {
    double intercept = 0, slope = 0;
};

// Least squares y = a + b x, with centred sums (cycle numbers are large next to their spread).
Fit fit_line(const std::vector<double>& x, const std::vector<double>& y, std::size_t from) {
    const auto n = static_cast<double>(x.size() - from);
    double mx = 0, my = 0;
    for (std::size_t i = from; i < x.size(); ++i) mx += x[i], my += y[i];
    mx /= n, my /= n;
    double sxy = 0, sxx = 0;
    for (std::size_t i = from; i < x.size(); ++i) sxy += (x[i] - mx) * (y[i] - my), sxx += (x[i] - mx) * (x[i] - mx);
    const double b = sxx > 0 ? sxy / sxx : 0.0;
    return {my - b * mx, b};
}

// Saha and Goebel's a e^(bk) + c e^(dk): for each pair of rates on a grid, a and c are linear
// least squares (variable projection); the best pair is then refined on a finer grid around it.
// k counts from the window's first cycle, so that the amplitudes stay of the order of the capacity.
Curve fit_double_exponential(const FadeData& d) {
    const double k0 = d.cycle.front();
    double best = std::numeric_limits<double>::infinity();
    Curve out{CurveKind::double_exponential, {d.capacity_ah.front(), 0, 0, 0, 0}};
    auto try_pair = [&](double b, double c) {
        double s11 = 0, s12 = 0, s22 = 0, t1 = 0, t2 = 0;
        for (std::size_t i = 0; i < d.size(); ++i) {
            const double f1 = std::exp(b * (d.cycle[i] - k0)), f2 = std::exp(c * (d.cycle[i] - k0));
            s11 += f1 * f1, s12 += f1 * f2, s22 += f2 * f2, t1 += f1 * d.capacity_ah[i], t2 += f2 * d.capacity_ah[i];
        }
        const double det = s11 * s22 - s12 * s12;
        if (!(std::abs(det) > 1e-12 * s11 * s22)) return;
        const double a = (t1 * s22 - t2 * s12) / det, e = (s11 * t2 - s12 * t1) / det;
        double sse = 0;
        for (std::size_t i = 0; i < d.size(); ++i) {
            const double r = a * std::exp(b * (d.cycle[i] - k0)) + e * std::exp(c * (d.cycle[i] - k0)) - d.capacity_ah[i];
            sse += r * r;
        }
        if (sse < best) best = sse, out.p = {a, b, e, c, k0};
    };
    constexpr double kRate = 0.1, kStep = 0.0025;  // rates per cycle in [-0.1, 0.1]
    for (double b = -kRate; b <= kRate + 1e-12; b += kStep)
        for (double c = b + kStep; c <= kRate + 1e-12; c += kStep) try_pair(b, c);
    const double b0 = out.p[1], c0 = out.p[3];
    for (int i = -10; i <= 10; ++i)
        for (int j = -10; j <= 10; ++j) try_pair(b0 + i * kStep / 10, c0 + j * kStep / 10);
    out.p[4] = k0;
    return out;
}

// k of the physics by least squares on log(C / C0) = -k u, u = (T/t) i: the physics' own law, C0
// fixed at the window's first capacity.
Curve fit_physics(const FadeData& d) {
    const double c0 = d.capacity_ah.front(), first = d.cycle.front();
    double num = 0, den = 0;
    for (std::size_t i = 0; i < d.size(); ++i) {
        const double u = d.ratio[i] * (d.cycle[i] - first + 1);
        num += u * std::log(d.capacity_ah[i] / c0);
        den += u * u;
    }
    return Curve{CurveKind::physics, {c0, den > 0 ? -num / den : 0.0, first, 0, 0}};
}

double median(std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

Curve fit_regeneration(const FadeData& d) {
    std::vector<double> step(d.size() - 1), spread(d.size() - 1);
    for (std::size_t i = 1; i < d.size(); ++i) step[i - 1] = d.capacity_ah[i] - d.capacity_ah[i - 1];
    const double mid = median(step);
    for (std::size_t i = 0; i < step.size(); ++i) spread[i] = std::abs(step[i] - mid);
    const double threshold = mid + std::max(3 * 1.4826 * median(spread), kJumpFloorAh);
    std::vector<std::size_t> segment(d.size(), 0);
    double jumps = 0;
    for (std::size_t i = 1; i < d.size(); ++i) {
        const bool jump = step[i - 1] > threshold;
        segment[i] = segment[i - 1] + (jump ? 1 : 0);
        if (jump) jumps += step[i - 1];
    }
    // One slope for all segments: the pooled within-segment least squares.
    double sxy = 0, sxx = 0;
    for (std::size_t s = 0, i = 0; i < d.size(); ++s) {
        std::size_t end = i;
        double mx = 0, my = 0;
        while (end < d.size() && segment[end] == s) mx += d.cycle[end], my += d.capacity_ah[end], ++end;
        mx /= static_cast<double>(end - i), my /= static_cast<double>(end - i);
        for (std::size_t j = i; j < end; ++j) sxy += (d.cycle[j] - mx) * (d.capacity_ah[j] - my), sxx += (d.cycle[j] - mx) * (d.cycle[j] - mx);
        i = end;
    }
    const double within = sxx > 0 ? sxy / sxx : 0.0;
    double level = 0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < d.size(); ++i)
        if (segment[i] == segment.back()) level += d.capacity_ah[i] + within * (d.cycle.back() - d.cycle[i]), ++n;
    const double rate = jumps / (d.cycle.back() - d.cycle.front());
    return Curve{CurveKind::regeneration, {level / static_cast<double>(n), within + rate, d.cycle.back(), within, rate}};
}

}  // namespace

CurveKind curve_kind(const std::string& name) {
    for (std::size_t k = 0; k < std::size(kCurveNames); ++k)
        if (name == kCurveNames[k]) return static_cast<CurveKind>(k);
    throw std::invalid_argument("unknown curve '" + name + "'");
}

std::vector<CurveKind> parse_curves(const std::string& text) {
    std::vector<CurveKind> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        std::string name = text.substr(start, comma - start);
        name.erase(0, name.find_first_not_of(" \t"));
        name.erase(name.find_last_not_of(" \t") + 1);
        CurveKind k;
        try {
            k = curve_kind(name);
        } catch (const std::invalid_argument&) {
            throw SettingError("curves", "unknown curve '" + name + "' (choose from " + curves_text({CurveKind::last_value, CurveKind::linear_trend,
                                         CurveKind::linear_fit, CurveKind::exponential, CurveKind::double_exponential, CurveKind::physics,
                                         CurveKind::regeneration, CurveKind::kalman_trend}) + ")");
        }
        if (std::find(out.begin(), out.end(), k) != out.end()) throw SettingError("curves", "'" + name + "' is listed twice");
        out.push_back(k);
        start = comma + 1;
    }
    return out;
}

std::string curves_text(const std::vector<CurveKind>& kinds) {
    std::string s;
    for (CurveKind k : kinds) s += (s.empty() ? "" : ",") + std::string(curve_name(k));
    return s;
}

FadeData FadeData::head(std::size_t n) const {
    FadeData h;
    h.cycle.assign(cycle.begin(), cycle.begin() + static_cast<long>(n));
    h.capacity_ah.assign(capacity_ah.begin(), capacity_ah.begin() + static_cast<long>(n));
    h.ratio.assign(ratio.begin(), ratio.begin() + static_cast<long>(n));
    return h;
}

double Curve::at(double cycle, double ratio) const {
    switch (kind) {
    case CurveKind::last_value: return p[0];
    case CurveKind::linear_trend:
    case CurveKind::linear_fit: return p[0] + p[1] * cycle;
    case CurveKind::exponential: return std::exp(p[0] + p[1] * cycle);
    case CurveKind::double_exponential: return p[0] * std::exp(p[1] * (cycle - p[4])) + p[2] * std::exp(p[3] * (cycle - p[4]));
    case CurveKind::physics: return p[0] * std::exp(-p[1] * ratio * (cycle - p[2] + 1));
    case CurveKind::regeneration:
    case CurveKind::kalman_trend: return p[0] + p[1] * (cycle - p[2]);
    }
    return 0;
}

Curve fit_curve(CurveKind kind, const FadeData& d) {
    if (d.size() < 3) throw std::invalid_argument("a fade curve needs at least 3 cycles");
    switch (kind) {
    case CurveKind::last_value: return Curve{kind, {d.capacity_ah.back(), 0, 0, 0, 0}};
    case CurveKind::linear_trend: {
        const Fit l = fit_line(d.cycle, d.capacity_ah, d.size() - std::min(kTrendCycles, d.size()));
        return Curve{kind, {l.intercept, l.slope, 0, 0, 0}};
    }
    case CurveKind::linear_fit: {
        const Fit l = fit_line(d.cycle, d.capacity_ah, 0);
        return Curve{kind, {l.intercept, l.slope, 0, 0, 0}};
    }
    case CurveKind::exponential: {
        std::vector<double> log_c(d.size());
        for (std::size_t i = 0; i < d.size(); ++i) log_c[i] = std::log(d.capacity_ah[i]);
        const Fit l = fit_line(d.cycle, log_c, 0);
        return Curve{kind, {l.intercept, l.slope, 0, 0, 0}};
    }
    case CurveKind::double_exponential: return fit_double_exponential(d);
    case CurveKind::physics: return fit_physics(d);
    case CurveKind::regeneration: return fit_regeneration(d);
    case CurveKind::kalman_trend: {
        const TrendState t = filter_trend(d.cycle, d.capacity_ah);
        return Curve{kind, {t.level, t.slope, d.cycle.back(), t.level_noise, t.slope_noise}};
    }
    }
    throw std::invalid_argument("unknown curve");
}

}  // namespace dtop::battery
