#include "picture.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace dtop::battery {

namespace {

// gnuplot single-quoted text: a quote is written twice.
std::string quoted(const std::string& text) {
    std::string q = "'";
    for (char c : text) q += c == '\'' ? std::string("''") : std::string(1, c);
    return q + "'";
}

std::string fixed(double v, int digits) {
    if (std::isnan(v)) return "NaN";  // gnuplot's missing value (set datafile missing): a forecast starts at its window's end
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

}  // namespace

std::string prediction_script(const ForecastRows& rows, const Report& r, int64_t horizon, const std::string& label,
                              const std::filesystem::path& png) {
    const EndOfLife& e = r.end_of_life;
    const bool zoom = horizon > 0 && horizon <= kZoomHorizon;
    // The x range: the close-up around the predicted cycles, or everything measured and, beyond
    // it, as far as the band's latest end of life (when it is reached).
    double last_measured = rows.cycle.front(), last_scored = e.now_cycle;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!std::isnan(rows.measured_ah[i])) last_measured = rows.cycle[i];
        if (rows.split[i] == Split::scored) last_scored = rows.cycle[i];
    }
    const double x0 = zoom ? e.now_cycle - 20 : rows.cycle.front();
    const double x1 = zoom ? last_scored + 3 : std::min(e.last_predicted_cycle, std::max(last_measured, e.latest.value_or(last_measured)) + 10);

    std::ostringstream title;
    title << label << ": trained on cycles " << fixed(rows.cycle.front(), 0) << "-" << fixed(e.now_cycle, 0);
    if (!r.errors.empty() && r.errors[0].errors.cycles > 0)
        title << ", RMSE on " << r.errors[0].errors.cycles << " predicted cycles: twin " << fixed(r.errors[0].errors.rmse, 4)
              << " Ah, physics " << fixed(r.errors[1].errors.rmse, 4) << ", last value " << fixed(r.errors[2].errors.rmse, 4)
              << ", linear trend " << fixed(r.errors[3].errors.rmse, 4);

    std::ostringstream s;
    s << "set terminal pngcairo size 1100,650 font 'Sans,10'\n"
      << "set output " << quoted(png.string()) << "\n"
      << "set title " << quoted(title.str()) << " noenhanced\n"
      << "set xlabel 'cycle'\nset ylabel 'capacity (Ah)'\nset grid\nset key bottom left opaque box\n"
      << "set datafile missing 'NaN'\n"
      << "set xrange [" << x0 << ":" << x1 << "]\n"
      << "set arrow from " << e.now_cycle + 0.5 << ", graph 0 to " << e.now_cycle + 0.5
      << ", graph 1 nohead dashtype 2 linecolor rgb '#555555'\n"
      << "set label 'end of training ' at " << e.now_cycle + 0.5 << ", graph 0.96 right\n";
    if (e.cycle && *e.cycle <= x1)
        s << "set label " << quoted(" end of life: cycle " + fixed(*e.cycle, 0)) << " at " << *e.cycle << ", " << e.threshold_ah
          << " point pointtype 9 pointsize 1.5 offset 0,-1\n";
    s << "$data << EOD\n";
    for (std::size_t i = 0; i < rows.size(); ++i)
        s << rows.cycle[i] << ' ' << fixed(rows.measured_ah[i], 6) << ' '
          << fixed(r.physics[i], 6) << ' ' << fixed(r.twin[i], 6) << ' ' << fixed(r.band_low[i], 6) << ' '
          << fixed(r.band_high[i], 6) << '\n';
    const char* style = zoom ? "linespoints pointtype 7 pointsize 0.8" : "lines";
    s << "EOD\n"
      << "plot $data using 1:5:6 with filledcurves fillcolor rgb '#9ecae1' fillstyle transparent solid 0.5 title '5-95 % band', \\\n"
      << "     '' using 1:3 with " << style << " dashtype 2 linecolor rgb '#777777' title 'physics', \\\n"
      << "     '' using 1:4 with " << style << " linewidth 2 linecolor rgb '#08519c' title 'twin', \\\n"
      << "     '' using 1:2 with points pointtype 7 pointsize 0.6 linecolor rgb 'black' title 'measured', \\\n"
      << "     " << e.threshold_ah << " with lines dashtype 3 linecolor rgb '#cb181d' title "
      << quoted("end of life " + fixed(e.threshold_ah, 2) + " Ah") << "\n";
    return s.str();
}

}  // namespace dtop::battery
