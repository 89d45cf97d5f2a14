#include "rul_picture.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace dtop::battery {

namespace {

std::string quoted(const std::string& text) {
    std::string q = "'";
    for (char c : text) q += c == '\'' ? std::string("''") : std::string(1, c);
    return q + "'";
}

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

}  // namespace

std::string rul_script(const std::vector<RulPrediction>& p, const PrognosticScore& s, double alpha, double lambda,
                       const std::string& label, const std::filesystem::path& png) {
    const double eol = s.true_eol.value_or(0);
    const double x0 = p.empty() ? 0 : p.front().now, top = 1.6 * std::max(eol - x0, 1.0);
    std::ostringstream title;
    title << label << " (forecast mode): true end of life at cycle " << number(eol);
    if (s.alpha_lambda_pass)
        title << "; alpha-lambda (" << number(alpha) << ", " << number(lambda) << "): " << (*s.alpha_lambda_pass ? "pass" : "fail");
    title << "; prognostic horizon: " << (s.horizon ? number(*s.horizon) + " cycles" : std::string("none"));

    std::ostringstream out;
    out << "set terminal pngcairo size 1100,650 font 'Sans,10'\n"
        << "set output " << quoted(png.string()) << "\n"
        << "set title " << quoted(title.str()) << " noenhanced\n"
        << "set xlabel 'prediction time (cycle)'\nset ylabel 'remaining useful life (cycles)'\nset grid\n"
        << "set key top right opaque box\nset datafile missing 'NaN'\n"
        << "set xrange [" << number(x0 - 5) << ":" << number(eol + 5) << "]\nset yrange [0:" << number(top) << "]\n";
    if (s.t_lambda)
        out << "set arrow from " << number(*s.t_lambda) << ", graph 0 to " << number(*s.t_lambda)
            << ", graph 1 nohead dashtype 2 linecolor rgb '#555555'\n"
            << "set label 't_lambda' at " << number(*s.t_lambda) << ", graph 0.96 left offset 0.5,0 noenhanced\n";
    // The band's open upper end (its high edge never crosses the threshold) is drawn to the top.
    out << "$rul << EOD\n";
    for (const auto& q : p) {
        if (q.now >= eol) continue;
        const double rul = q.rul.value_or(top), low = q.rul_low.value_or(0), high = q.rul_high.value_or(top);
        out << number(q.now) << ' ' << number(rul) << ' ' << number(std::min(low, rul)) << ' ' << number(std::max(high, rul)) << '\n';
    }
    out << "EOD\n"
        << "truth(x) = x <= " << number(eol) << " ? " << number(eol) << " - x : 1/0\n"
        << "plot '+' using 1:((1 - " << number(alpha) << ") * truth($1)):((1 + " << number(alpha) << ") * truth($1)) "
        << "with filledcurves fillcolor rgb '#c7e9c0' fillstyle transparent solid 0.6 title "
        << quoted("alpha cone: true RUL +- " + number(100 * alpha) + " %") << ", \\\n"
        << "     truth(x) with lines linewidth 2 linecolor rgb 'black' title 'true RUL', \\\n"
        << "     $rul using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.9 linecolor rgb '#08519c' "
        << "title 'predicted RUL (5-95 % band)'\n";
    return out.str();
}

}  // namespace dtop::battery
